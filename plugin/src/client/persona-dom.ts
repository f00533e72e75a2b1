/**
 * Keeps the persona cookie and the `<html>` attributes in step with the signed-in reader. Runs
 * only in the browser, after hydration, so React never renders anything persona-dependent.
 */

import {
  DIMENSION_NAMES,
  formatPersona,
  HTML_ATTRIBUTES,
  mergePersona,
  type Persona,
  personaAttribute,
  readCookie,
} from "@readerkit/core/persona";
import { SHOW_ALL_STORAGE_KEY } from "../persona/head-script.ts";

const PERSONA_EVENT = "readerkit:persona";
const YEAR_SECONDS = 365 * 24 * 60 * 60;

function root(): HTMLElement {
  return document.documentElement;
}

function setCookie(name: string, value: string, maxAge: number): void {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from browsers the book supports, and this cookie is a plain non-secret value.
  document.cookie = `${name}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}`;
}

function notify(): void {
  window.dispatchEvent(new Event(PERSONA_EVENT));
}

/** An author preview (`?persona=...`) wins over the reader's own persona for this visit. */
function isPreview(): boolean {
  return root().hasAttribute(HTML_ATTRIBUTES.preview);
}

function setAttributes(persona: Persona): void {
  if (isPreview()) return;
  for (const name of DIMENSION_NAMES) root().setAttribute(personaAttribute(name), persona[name]);
}

/** Signed in: remember the persona for a year (non-secret, no PII) and show its variants now. */
export function applyReaderPersona(cookieName: string, persona: Persona): void {
  const value = formatPersona(persona);
  if (readCookie(document.cookie, cookieName) !== value) setCookie(cookieName, value, YEAR_SECONDS);
  root().setAttribute(HTML_ATTRIBUTES.signedIn, "");
  setAttributes(persona);
  notify();
}

/** Signed out: forget the persona and fall back to the guest default. */
export function clearReaderPersona(cookieName: string, defaults: Persona): void {
  if (readCookie(document.cookie, cookieName) !== null) setCookie(cookieName, "", 0);
  root().removeAttribute(HTML_ATTRIBUTES.signedIn);
  setAttributes(defaults);
  notify();
}

export function hasPersonaCookie(cookieName: string): boolean {
  return readCookie(document.cookie, cookieName) !== null;
}

/** The persona the page currently shows (what the head script or the last update set). */
export function currentPersona(defaults: Persona): Persona {
  const shown: Record<string, string | undefined> = {};
  for (const name of DIMENSION_NAMES)
    shown[name] = root().getAttribute(personaAttribute(name)) ?? undefined;
  return mergePersona(defaults, shown);
}

export function isShowingAll(): boolean {
  return root().hasAttribute(HTML_ATTRIBUTES.showAll);
}

/** The reader's "show all variants" switch, remembered across visits. */
export function setShowAll(showAll: boolean): void {
  root().toggleAttribute(HTML_ATTRIBUTES.showAll, showAll);
  try {
    if (showAll) window.localStorage.setItem(SHOW_ALL_STORAGE_KEY, "1");
    else window.localStorage.removeItem(SHOW_ALL_STORAGE_KEY);
  } catch {
    // Storage can be disabled; the switch then lasts until the next full page load.
  }
  notify();
}

export function subscribePersona(listener: () => void): () => void {
  window.addEventListener(PERSONA_EVENT, listener);
  return () => window.removeEventListener(PERSONA_EVENT, listener);
}
