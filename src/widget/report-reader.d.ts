// Type declarations for dist/report-reader.js, the script a host page includes.

/** A glossary entry, as in a host glossary file or the `glossary` option. */
export interface GlossaryEntry {
  term: string;
  definition: string;
  aliases?: string[];
  category?: string;
  /** Linked only if it is an http or https URL. */
  source?: string;
  /** An English gloss. */
  en?: string;
  note?: string;
}

/** Options of `mount()`; each mirrors an attribute of `<report-reader>`. */
export interface MountOptions {
  /** The report's text (plain, UTF-8). */
  text?: string;
  /** URL of the report as UTF-8 plain text. */
  src?: string;
  /** A fetch of `src` already started (`fetch(src)`): the widget reads it instead of fetching. */
  response?: Promise<Response>;
  /** Interface language: `zh-CN` (default) or `en`. */
  lang?: string;
  /** Key of this report's saved state (drafts, folds); default: a hash of its text. */
  storageKey?: string;
  /** `none` (default), `all`, or a level such as `1` (deeper sections start folded). */
  folded?: string;
  /** Remember folds and reading position (default true). */
  remember?: boolean;
  /** Your glossary: entries, or the URL of a JSON array of entries. */
  glossary?: GlossaryEntry[] | string;
  /** `merge` (default) or `replace` the default glossary. */
  glossaryMode?: 'merge' | 'replace';
  /** Which occurrences are marked: `first` (default, per section), `all`, `none`. */
  glossaryMarks?: 'first' | 'all' | 'none';
  /** Longest draft in characters (default 5000). */
  draftMax?: number;
  /** `light`, `dark`, or follow the system (default). */
  theme?: 'light' | 'dark' | 'auto';
}

/** A section of the outline. `id` is the element id in the shadow root and the URL fragment. */
export interface OutlineEntry {
  id: string;
  number: string | null;
  title: string;
  depth: number;
  parent: string | null;
  folded: boolean;
}

/** Where a draft belongs: numbering path (`2.1`), number as published, title. */
export interface Citation {
  path: string;
  number: string | null;
  title: string;
}

export interface DraftInfo {
  /** Section id, or null for the general draft. */
  section: string | null;
  citation: Citation;
  text: string;
  /** Milliseconds since the epoch. */
  updatedAt: number;
}

/** The handle `mount()` returns (also `element.handle` of a `<report-reader>`). */
export interface Handle {
  readonly destroyed: boolean;
  readonly sections: number;
  readonly title: string | undefined;
  readonly storageKey: string | undefined;
  /** Id of the section being read. */
  readonly current: string | undefined;
  /** Removes every node, stylesheet, listener and timer; saves pending drafts first. Until it is
   *  called the reader lives, whether or not the page keeps this handle. */
  destroy(): void;
  outline(): OutlineEntry[];
  expandAll(): void;
  collapseAll(): void;
  setFolded(id: string, folded: boolean): boolean;
  goTo(id: string): boolean;
  /** Replaces your glossary (entries or a URL) and re-renders, keeping folds and drafts. */
  setGlossary(glossary: GlossaryEntry[] | string | null, mode?: 'merge' | 'replace'): void;
  drafts(): DraftInfo[];
  exportDrafts(format?: 'markdown' | 'json'): string;
  /** Clears a submitted draft once you stored it (`null` for the general draft). */
  confirmSubmit(section?: string | null): boolean;
}

export interface ReadyDetail {
  title: string | null;
  sections: number;
  paragraphs: number;
  salutations: number;
  removed: number;
  terms: number;
}

export interface ErrorDetail {
  /** `empty`, `binary`, `not-utf8`, `utf16`, `html-page`, `only-chrome`, `http`, `network`,
   * `no-source`, `wasm-load`, `glossary-json`, `glossary-shape`, `glossary-fetch`, `glossary-size`. */
  code: string;
  message: string;
}

export interface GlossaryIssue {
  index: number;
  term: string | null;
  reason: string;
  skipped: boolean;
}

export interface DraftSubmitDetail {
  document: string;
  section: string | null;
  title: string;
  text: string;
  updatedAt: number;
}

/** The events, all bubbling and composed, dispatched on the host element. */
export interface ReportReaderEventMap {
  /** The outline, toolbar and first screen are in the page. */
  'report-reader:ready': CustomEvent<ReadyDetail>;
  /** The whole widget is in the page: a frame after `ready` for a short report (the term index's
   *  list, definitions and endnotes follow the first screen); a long one arrives in chunks. */
  'report-reader:complete': CustomEvent<{ sections: number }>;
  'report-reader:error': CustomEvent<ErrorDetail>;
  'report-reader:toggle': CustomEvent<{ id: string; expanded: boolean }>;
  'report-reader:glossary-issues': CustomEvent<{ issues: GlossaryIssue[] }>;
  'report-reader:draft-submit': CustomEvent<DraftSubmitDetail>;
  'report-reader:draft-issue': CustomEvent<{ code: string; backupKey: string; message: string }>;
}

/** Mounts a reader into `element`'s open shadow root. */
export function mount(element: Element, options?: MountOptions): Promise<Handle>;

/** Settles when the WebAssembly module has loaded. */
export const ready: Promise<unknown>;

/** `<report-reader src lang storage-key folded remember glossary glossary-mode glossary-marks draft-max theme>` */
export class ReportReaderElement extends HTMLElement {
  readonly handle: Handle | null;
  addEventListener<K extends keyof ReportReaderEventMap>(
    type: K,
    listener: (this: ReportReaderElement, ev: ReportReaderEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'report-reader': ReportReaderElement;
  }
}
