/**
 * The inline script injected at the top of `<head>`: it runs before first paint, so the persona
 * CSS hides the other variants before anything is drawn (no flash), with no dependency loaded.
 *
 * Sources, last one wins: the default persona, the persona cookie (signed-in readers), then
 * `?persona=level:expert,language:cpp` (author previews; `?persona=all` shows every variant).
 * The "show all variants" choice is kept in localStorage.
 */
import { HTML_ATTRIBUTES, PERSONA_DIMENSIONS, type Persona } from "@readerkit/core/persona";

export const SHOW_ALL_STORAGE_KEY = "readerkit_show_all";
export const PREVIEW_QUERY_KEY = "persona";

export type HeadScriptOptions = { cookieName: string; defaultPersona: Persona };

/** ES5 on purpose: it runs un-transpiled, in every browser that can render the page. */
export function buildHeadScript({ cookieName, defaultPersona }: HeadScriptOptions): string {
  const config = JSON.stringify({
    values: PERSONA_DIMENSIONS,
    defaults: defaultPersona,
    cookie: cookieName,
    storage: SHOW_ALL_STORAGE_KEY,
    query: PREVIEW_QUERY_KEY,
    signedIn: HTML_ATTRIBUTES.signedIn,
    all: HTML_ATTRIBUTES.showAll,
    preview: HTML_ATTRIBUTES.preview,
  });
  return `(function(){try{var c=${config},d=document.documentElement,p={},k;
function read(s,o){s=String(s||"").split(",");for(var i=0;i<s.length;i++){var j=s[i].indexOf(":"),n=s[i].slice(0,j).trim(),v=s[i].slice(j+1).trim();if(j>0&&c.values[n]&&c.values[n].indexOf(v)>=0)o[n]=v}}
for(k in c.defaults)p[k]=c.defaults[k];
var m=document.cookie.match(new RegExp("(?:^|;\\\\s*)"+c.cookie+"=([^;]*)"));
if(m){try{read(decodeURIComponent(m[1]),p)}catch(e){}d.setAttribute(c.signedIn,"")}
var q=new URLSearchParams(location.search).get(c.query);
if(q==="all")d.setAttribute(c.all,"");else if(q){read(q,p);d.setAttribute(c.preview,"")}
for(k in p)d.setAttribute("data-rk-"+k,p[k]);
try{if(localStorage.getItem(c.storage)==="1")d.setAttribute(c.all,"")}catch(e){}
}catch(e){}})();`;
}
