import AdvancedNote from "@theme/ReaderKit/AdvancedNote";
import BeginnerTip from "@theme/ReaderKit/BeginnerTip";
import CodeForLanguage from "@theme/ReaderKit/CodeForLanguage";
import LearningPath from "@theme/ReaderKit/LearningPath";
import Personalized from "@theme/ReaderKit/Personalized";
import Platform from "@theme/ReaderKit/Platform";
import PlatformSetup from "@theme/ReaderKit/PlatformSetup";
import Recommendations from "@theme/ReaderKit/Recommendations";
import SignUpPrompt from "@theme/ReaderKit/SignUpPrompt";
import MDXComponents from "@theme-init/MDXComponents";

/** The ReaderKit tags, available in every MDX page without an import. */
export default {
  ...MDXComponents,
  Personalized,
  BeginnerTip,
  AdvancedNote,
  CodeForLanguage,
  PlatformSetup,
  Platform,
  LearningPath,
  Recommendations,
  SignUpPrompt,
};
