import { usePluginData } from "@docusaurus/useGlobalData";
import type { ReaderKitClientData } from "../index.ts";

export type { ReaderKitClientData };

/** The plugin options the browser needs (published by the plugin as global data). */
export function useReaderKitOptions(): ReaderKitClientData {
  return usePluginData("docusaurus-plugin-readerkit") as ReaderKitClientData;
}
