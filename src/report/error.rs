//! Why a report could not be read, as a type (the JS boundary turns it into a message).

use std::fmt;

/// Why a text cannot be shown as a report. Every variant carries what a host developer needs to
/// fix the input; [`ParseError::code`] is a stable machine-readable name for events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The text is empty or only whitespace.
    Empty,
    /// The bytes are not UTF-8 (for example GBK, or a binary file); `offset` is the first bad byte.
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The bytes start with a UTF-16 byte-order mark; reports must be served as UTF-8.
    Utf16,
    /// The text contains NUL bytes or many control characters: it is a binary file.
    Binary {
        /// How many control or replacement characters were seen.
        control_chars: usize,
    },
    /// The text is an HTML page (for example an error page or a portal page), not a report.
    HtmlPage,
    /// The text is larger than a reader can use in one page ([`crate::report::parse::MAX_BYTES`]).
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// Every line of the text looked like site navigation or footer; nothing was left to show.
    OnlyChrome {
        /// How many lines were set aside as site chrome.
        removed_lines: usize,
    },
}

impl ParseError {
    /// A stable identifier for the error, used as `detail.code` in `report-reader:error` events.
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::Empty => "empty",
            ParseError::NotUtf8 { .. } => "not-utf8",
            ParseError::Utf16 => "utf16",
            ParseError::Binary { .. } => "binary",
            ParseError::HtmlPage => "html-page",
            ParseError::TooLarge { .. } => "too-large",
            ParseError::OnlyChrome { .. } => "only-chrome",
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "the report text is empty (nothing but whitespace)"),
            ParseError::NotUtf8 { offset } => write!(
                f,
                "the report is not UTF-8 text (invalid byte at offset {offset}); save or serve it as UTF-8 (GBK is not supported)"
            ),
            ParseError::Utf16 => write!(f, "the report is UTF-16 encoded; save or serve it as UTF-8"),
            ParseError::Binary { control_chars } => write!(
                f,
                "the report looks like a binary file, not text ({control_chars} control characters)"
            ),
            ParseError::HtmlPage => write!(
                f,
                "the report source is an HTML page, not plain text; point `src` at a .txt file"
            ),
            ParseError::TooLarge { bytes, max } => write!(
                f,
                "the report is {} MB; at most {} MB can be shown in one page (split it by part or year)",
                crate::i18n::megabytes(*bytes, 1),
                crate::i18n::megabytes(*max, 0)
            ),
            ParseError::OnlyChrome { removed_lines } => write!(
                f,
                "no report text found: all {removed_lines} lines looked like website navigation or footer"
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// Why a widget could not load a report: the report's own faults ([`ParseError`]) and those of
/// getting it (no source given, a failed fetch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// Neither `text`, `src`, nor an inline `<script type="text/plain">` was given.
    NoSource,
    /// The server answered `src` with an HTTP error status.
    Http {
        /// The URL that was fetched.
        url: String,
        /// The HTTP status, such as 404.
        status: u16,
    },
    /// The fetch of `src` failed before any answer: offline, DNS, CORS, a blocked URL.
    Network {
        /// The URL that was fetched.
        url: String,
        /// What the browser said.
        detail: String,
    },
    /// The report arrived but cannot be shown.
    Parse(ParseError),
}

impl LoadError {
    /// A stable identifier for `detail.code` in `report-reader:error` events.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::NoSource => "no-source",
            LoadError::Http { .. } => "http",
            LoadError::Network { .. } => "network",
            LoadError::Parse(e) => e.code(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoSource => write!(
                f,
                "no report given: set the `src` attribute, pass `text` to mount(), or put the text in a child <script type=\"text/plain\">"
            ),
            LoadError::Http { url, status } => write!(f, "fetching the report from {url} failed with HTTP status {status}"),
            LoadError::Network { url, detail } => write!(
                f,
                "fetching the report from {url} failed before the server answered (offline, wrong host, or blocked by CORS): {detail}"
            ),
            LoadError::Parse(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<ParseError> for LoadError {
    fn from(e: ParseError) -> Self {
        LoadError::Parse(e)
    }
}
