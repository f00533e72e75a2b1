/**
 * Baseline stand-ins for the ReaderKit MDX tags: each renders its children as they are (every
 * variant, every tab), and the standalone tags render nothing. No ReaderKit code is imported.
 */
import MDXComponents from "@theme-init/MDXComponents";

function Plain({ children }) {
  return children ?? null;
}

export default {
  ...MDXComponents,
  Personalized: Plain,
  BeginnerTip: Plain,
  AdvancedNote: Plain,
  CodeForLanguage: Plain,
  PlatformSetup: Plain,
  Platform: Plain,
  LearningPath: Plain,
  Recommendations: Plain,
  SignUpPrompt: Plain,
};
