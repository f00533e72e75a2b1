/**
 * The persona cookie for code outside the theme, for example a server that serves the built site
 * itself and, like ReaderKit's, sets the reader's persona on `<html>` for readers without
 * JavaScript: `injectPersonaAttributes(html, req.headers.cookie)`.
 */
export {
  DEFAULT_PERSONA_COOKIE,
  formatPersona,
  injectPersonaAttributes,
  type Persona,
  parsePersona,
  personaHtmlAttributes,
} from "@readerkit/core/persona";
