import AccountNavbarItem from "@theme/ReaderKit/AccountNavbarItem";
import VariantsNavbarItem from "@theme/ReaderKit/VariantsNavbarItem";
import ComponentTypes from "@theme-init/NavbarItem/ComponentTypes";

/** `custom-` types are the documented way to add navbar items (theme-classic accepts them). */
export default {
  ...ComponentTypes,
  "custom-readerkitAccount": AccountNavbarItem,
  "custom-readerkitVariants": VariantsNavbarItem,
};
