/**
 * What readers of `docusaurus swizzle` may safely customise. Presentational components are safe;
 * anything that owns auth state, routing or the persona attributes is unsafe to eject because
 * its behaviour is part of the contract (no flash, no hydration mismatch).
 */
import type { SwizzleComponentConfig, SwizzleConfig } from "@docusaurus/types";

const safe = (description: string): SwizzleComponentConfig => ({
  actions: { eject: "safe", wrap: "safe" },
  description,
});
const unsafe = (description: string): SwizzleComponentConfig => ({
  actions: { eject: "unsafe", wrap: "unsafe" },
  description,
});

export function getSwizzleConfig(): SwizzleConfig {
  return {
    components: {
      Root: unsafe("Mounts the ReaderKit AuthProvider around the whole site"),
      MDXComponents: unsafe("Registers the ReaderKit MDX tags for every page"),
      "NavbarItem/ComponentTypes": unsafe("Adds the custom-readerkit* navbar item types"),
      "ReaderKit/Personalized": unsafe(
        "A variant shown only to matching readers (persona CSS hooks)",
      ),
      "ReaderKit/BeginnerTip": safe("A tip shown to beginner readers"),
      "ReaderKit/AdvancedNote": safe("A note shown to advanced and expert readers"),
      "ReaderKit/Aside": safe("The box BeginnerTip and AdvancedNote are drawn in"),
      "ReaderKit/PersonaTabs": unsafe("Tabs opening on the reader's language or board"),
      "ReaderKit/CodeForLanguage": safe("Code tabs, one per language"),
      "ReaderKit/PlatformSetup": safe("Setup tabs, one per board"),
      "ReaderKit/Platform": safe("One board's setup inside PlatformSetup"),
      "ReaderKit/PersonalizedPanel": unsafe(
        "Guest invitation and reader part of LearningPath and Recommendations (CSS hooks)",
      ),
      "ReaderKit/LearningPath": safe("The reader's next topics and skill gaps"),
      "ReaderKit/Recommendations": safe("Recommended chapters and projects"),
      "ReaderKit/SignUpPrompt": safe("The invitation guests see"),
      "ReaderKit/AccountNavbarItem": safe("Sign in / account menu in the navbar"),
      "ReaderKit/VariantsNavbarItem": safe("The show-all-variants toggle in the navbar"),
      "ReaderKit/AuthForm": safe("Form layout and field helpers of the account pages"),
      "ReaderKit/PasswordField": safe("Password input with live policy hints and strength meter"),
      "ReaderKit/ProfileForm": safe("The background questions"),
      "ReaderKit/RequireReader": safe(
        "Shows its children to readers, sends guests to the login page",
      ),
      "ReaderKit/LoginPage": safe("The sign-in page"),
      "ReaderKit/RegisterPage": safe("The sign-up page"),
      "ReaderKit/SocialSignIn": safe("One button per configured sign-in provider"),
      "ReaderKit/ForgotPasswordPage": safe("Asks for a password-reset mail"),
      "ReaderKit/ResetPasswordPage": safe("Sets a new password from the mail's link"),
      "ReaderKit/VerifyEmailPage": safe("Follows the verification mail's link"),
      "ReaderKit/EmailVerificationBanner": safe(
        "The profile page's notice that the address is not verified, with a resend button",
      ),
      "ReaderKit/ProfilePage": safe("The profile page"),
      "ReaderKit/AccountSettings": safe("The Account section of the profile page"),
      "ReaderKit/AccountPassword": safe("Change password, in the Account section"),
      "ReaderKit/AccountEmail": safe("Change email, in the Account section"),
      "ReaderKit/AccountDevices": safe("Signed-in devices and sign-out, in the Account section"),
      "ReaderKit/AccountDataExport": safe("Download my data, in the Account section"),
      "ReaderKit/AccountDelete": safe("Delete my account, in the Account section"),
      "ReaderKit/AccountDeletedNotice": safe("The notice shown after an account deletion"),
      "ReaderKit/ProfileCompletePage": safe("What a reader still has to fill in"),
    },
  };
}
