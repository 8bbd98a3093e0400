//! Every string of the interface, in one catalogue: zh-CN (the default) and en.

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Simplified Chinese (`zh-CN`), the default.
    #[default]
    Zh,
    /// English (`en`).
    En,
}

impl Lang {
    /// Picks a language from a BCP 47 tag: anything starting with `en` is English, everything
    /// else (including unknown or empty tags) falls back to Chinese.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// The BCP 47 tag of the interface language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The strings of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// The interface strings of one language.
#[derive(Debug)]
pub struct Strings {
    /// Accessible name of the outline landmark.
    pub outline: &'static str,
    /// Accessible name of the report body region.
    pub report: &'static str,
    /// Shown when a report has no title.
    pub untitled: &'static str,
    /// Summary of the removed-content note; `{n}` is the number of lines.
    pub removed_summary: &'static str,
    /// Explanation inside the removed-content note.
    pub removed_help: &'static str,
    /// Heading of error messages.
    pub error_title: &'static str,
    /// Shown while the report loads.
    pub loading: &'static str,
    /// Prefix of a failed fetch message; the URL and status follow.
    pub fetch_failed: &'static str,
    /// Label of the line number in the removed-content note.
    pub line: &'static str,
    /// Shown in the outline when a report has no sections.
    pub no_sections: &'static str,
    /// Button that opens the outline drawer on narrow screens.
    pub show_outline: &'static str,
    /// Button that closes the outline drawer.
    pub hide_outline: &'static str,
    /// Button that unfolds every section.
    pub expand_all: &'static str,
    /// Button that folds every section.
    pub collapse_all: &'static str,
    /// Accessible name of a section's copy-link button; `{title}` is the section's label.
    pub copy_link: &'static str,
    /// Announced after a link was copied.
    pub link_copied: &'static str,
    /// Announced when the clipboard is unavailable and the link was put in the address bar.
    pub link_in_address_bar: &'static str,
    /// Accessible name of the widget's toolbar.
    pub toolbar: &'static str,
    /// Button that opens the term index.
    pub terms: &'static str,
    /// Toggle that shows or hides glossary marks in the text.
    pub marks: &'static str,
    /// Heading of the term index.
    pub term_index: &'static str,
    /// Sort the term index in report order.
    pub sort_report: &'static str,
    /// Sort the term index by frequency.
    pub sort_frequency: &'static str,
    /// Previous occurrence.
    pub previous: &'static str,
    /// Next occurrence.
    pub next: &'static str,
    /// Position among occurrences: `{n}` of `{total}`.
    pub occurrence: &'static str,
    /// Count in the popover: `{n}` occurrences in this report.
    pub occurs: &'static str,
    /// Label of the source link in the popover.
    pub source: &'static str,
    /// Label before the category in the popover.
    pub category: &'static str,
    /// Close button of the popover.
    pub close: &'static str,
    /// Shown when no glossary term occurs in the report.
    pub no_terms: &'static str,
    /// Origin of a definition: the shipped glossary.
    pub from_default: &'static str,
    /// Origin of a definition: the report's own appendix.
    pub from_report: &'static str,
    /// Origin of a definition: the host site.
    pub from_host: &'static str,
    /// Summary of the glossary problems note; `{n}` problems.
    pub glossary_issues: &'static str,
    /// One glossary problem: `{index}` (1-based), `{term}`, `{reason}`.
    pub glossary_issue: &'static str,
    /// Heading of a glossary that could not be used at all.
    pub glossary_failed: &'static str,
    /// Count of occurrences in the term index (accessible text): `{n}` times.
    pub times: &'static str,
    /// Toolbar button that opens the drafts panel.
    pub drafts: &'static str,
    /// Heading of the drafts panel.
    pub drafts_panel: &'static str,
    /// Label of the general (whole-report) draft.
    pub general_draft: &'static str,
    /// Accessible name of a section's draft button; `{title}` is the section.
    pub write_draft: &'static str,
    /// The same, when the section has a draft.
    pub edit_draft: &'static str,
    /// Label of a section's text area; `{title}` is the section.
    pub draft_label: &'static str,
    /// Status after a save; `{time}` is HH:MM.
    pub saved_at: &'static str,
    /// Status while changes wait to be saved.
    pub saving: &'static str,
    /// Status when storage failed; `{why}` says why.
    pub not_saved: &'static str,
    /// Why: storage is full.
    pub storage_full: &'static str,
    /// Why: storage is blocked.
    pub storage_blocked: &'static str,
    /// Why: other storage failure.
    pub storage_failed: &'static str,
    /// Character count: `{n}` of `{max}`.
    pub count: &'static str,
    /// Warning near the limit: `{left}` left.
    pub near_limit: &'static str,
    /// Warning over the limit: `{over}` too many.
    pub over_limit: &'static str,
    /// Submit button.
    pub submit: &'static str,
    /// Status after submit, until the host confirms.
    pub submitted_wait: &'static str,
    /// Status after the host confirmed.
    pub submitted: &'static str,
    /// Delete button.
    pub delete: &'static str,
    /// Notice after delete, with undo.
    pub deleted: &'static str,
    /// Undo button.
    pub undo: &'static str,
    /// Close a draft box.
    pub close_draft: &'static str,
    /// Jump to a draft's section.
    pub jump: &'static str,
    /// Shown when there are no drafts.
    pub no_drafts: &'static str,
    /// Download Markdown.
    pub export_md: &'static str,
    /// Download JSON.
    pub export_json: &'static str,
    /// Copy Markdown.
    pub copy_md: &'static str,
    /// Copy JSON.
    pub copy_json: &'static str,
    /// After copying.
    pub copied: &'static str,
    /// When copying failed.
    pub copy_failed: &'static str,
    /// Shown when the section changed since the draft was written.
    pub section_changed: &'static str,
    /// Status when another tab's newer draft was brought in.
    pub other_tab: &'static str,
    /// Heading of the conflict chooser.
    pub conflict: &'static str,
    /// Keep this tab's version.
    pub keep_mine: &'static str,
    /// Take the other tab's version.
    pub take_theirs: &'static str,
    /// Label of this tab's version.
    pub this_tab: &'static str,
    /// Label of the other tab's version.
    pub other_tab_version: &'static str,
    /// Notice about an unreadable stored draft; `{key}` is where it was put.
    pub corrupt: &'static str,
    /// Browser prompt when leaving with unsaved text.
    pub leave_warning: &'static str,
    /// Before a time in exports and the list.
    pub saved_label: &'static str,
    /// Smaller text button (visible text).
    pub smaller: &'static str,
    /// Larger text button (visible text).
    pub larger: &'static str,
    /// Accessible name of the smaller text button.
    pub smaller_label: &'static str,
    /// Accessible name of the larger text button.
    pub larger_label: &'static str,
    /// File name part of draft exports.
    pub drafts_file: &'static str,
    /// Heading of the glossary endnotes (printed only).
    pub endnotes: &'static str,
}

static ZH: Strings = Strings {
    outline: "目录",
    report: "报告正文",
    untitled: "（无标题）",
    removed_summary: "已从来源中移除的网站内容（{n} 行）",
    removed_help: "以下内容是网站的菜单、页脚等，不属于报告正文，已从阅读视图中移除，原样列出以便核对。",
    error_title: "无法显示报告",
    loading: "正在加载报告……",
    fetch_failed: "无法获取报告",
    line: "第 {n} 行",
    no_sections: "本报告没有可识别的章节。",
    show_outline: "目录",
    hide_outline: "关闭目录",
    expand_all: "全部展开",
    collapse_all: "全部折叠",
    copy_link: "复制本节链接：{title}",
    link_copied: "已复制本节链接。",
    link_in_address_bar: "无法访问剪贴板，本节链接已显示在地址栏中。",
    toolbar: "阅读工具",
    terms: "术语",
    marks: "术语标注",
    term_index: "术语索引",
    sort_report: "按出现顺序",
    sort_frequency: "按出现次数",
    previous: "上一处",
    next: "下一处",
    occurrence: "第 {n}/{total} 处",
    occurs: "本报告中出现 {n} 次",
    source: "释义来源",
    category: "类别",
    close: "关闭",
    no_terms: "本报告中没有找到术语表中的词语。",
    from_default: "释义：report-reader 默认术语表",
    from_report: "释义：本报告附录",
    from_host: "释义：本站术语表",
    glossary_issues: "术语表有 {n} 处问题",
    glossary_issue: "第 {index} 条（{term}）：{reason}",
    glossary_failed: "术语表无法使用",
    times: "{n} 次",
    drafts: "评论草稿",
    drafts_panel: "我的评论草稿",
    general_draft: "对整个报告的意见",
    write_draft: "为本节写评论：{title}",
    edit_draft: "编辑本节评论（已有草稿）：{title}",
    draft_label: "对“{title}”的评论",
    saved_at: "已保存 {time}",
    saving: "正在保存……",
    not_saved:
        "未能保存到浏览器（{why}）。草稿仍保留在本页中，下次修改时会再次尝试；离开本页前请先导出或复制。",
    storage_full: "浏览器存储空间已满",
    storage_blocked: "浏览器禁止本页使用本地存储",
    storage_failed: "浏览器存储出错",
    count: "{n} / {max} 字",
    near_limit: "还可输入 {left} 字",
    over_limit: "已超出 {over} 字，请删减后再提交",
    submit: "提交评论",
    submitted_wait: "已提交，等待网站确认……草稿会保留到确认为止。",
    submitted: "已提交，草稿已清除。",
    delete: "删除草稿",
    deleted: "草稿已删除。",
    undo: "撤销",
    close_draft: "收起",
    jump: "转到该节",
    no_drafts: "还没有草稿。点击各节标题旁的笔形按钮即可为该节写评论。",
    export_md: "下载 Markdown",
    export_json: "下载 JSON",
    copy_md: "复制 Markdown",
    copy_json: "复制 JSON",
    copied: "已复制到剪贴板。",
    copy_failed: "无法访问剪贴板，请改用下载。",
    section_changed: "提示：本节内容在你写下草稿之后有改动。",
    other_tab: "已载入另一个标签页中的较新版本。",
    conflict: "这份草稿在另一个标签页中也被修改了，请选择保留哪个版本：",
    keep_mine: "保留本页版本",
    take_theirs: "使用另一标签页的版本",
    this_tab: "本页版本",
    other_tab_version: "另一标签页的版本",
    corrupt: "有一份无法读取的草稿记录，已原样另存为 {key}，没有删除。",
    leave_warning: "有评论草稿尚未保存，确定离开吗？",
    saved_label: "保存于",
    smaller: "A−",
    larger: "A+",
    smaller_label: "缩小字号",
    larger_label: "放大字号",
    drafts_file: "评论草稿",
    endnotes: "术语注释",
};

static EN: Strings = Strings {
    outline: "Contents",
    report: "Report text",
    untitled: "(untitled)",
    removed_summary: "Website content removed from the source ({n} lines)",
    removed_help: "These lines are the website's menus, footers and the like, not part of the report. They are left out of the reading view and listed here as published so you can check.",
    error_title: "The report cannot be shown",
    loading: "Loading the report…",
    fetch_failed: "Could not fetch the report",
    line: "line {n}",
    no_sections: "No sections were recognised in this report.",
    show_outline: "Contents",
    hide_outline: "Close contents",
    expand_all: "Expand all",
    collapse_all: "Collapse all",
    copy_link: "Copy link to this section: {title}",
    link_copied: "Link to the section copied.",
    link_in_address_bar: "The clipboard is not available; the section's link is in the address bar.",
    toolbar: "Reading tools",
    terms: "Terms",
    marks: "Term marks",
    term_index: "Term index",
    sort_report: "Report order",
    sort_frequency: "Frequency",
    previous: "Previous",
    next: "Next",
    occurrence: "{n} of {total}",
    occurs: "Occurs {n} times in this report",
    source: "Source of the definition",
    category: "Category",
    close: "Close",
    no_terms: "No glossary term occurs in this report.",
    from_default: "Definition: report-reader's default glossary",
    from_report: "Definition: this report's appendix",
    from_host: "Definition: this site's glossary",
    glossary_issues: "The glossary has {n} problems",
    glossary_issue: "entry {index} ({term}): {reason}",
    glossary_failed: "The glossary cannot be used",
    times: "{n} times",
    drafts: "Drafts",
    drafts_panel: "My comment drafts",
    general_draft: "Comments on the whole report",
    write_draft: "Write a comment on this section: {title}",
    edit_draft: "Edit your comment on this section (draft saved): {title}",
    draft_label: "Comment on “{title}”",
    saved_at: "Saved {time}",
    saving: "Saving…",
    not_saved: "Not saved in the browser ({why}). The draft stays on this page and saving is retried on the next change; export or copy it before you leave.",
    storage_full: "browser storage is full",
    storage_blocked: "the browser does not allow this page to store data",
    storage_failed: "browser storage failed",
    count: "{n} / {max} characters",
    near_limit: "{left} characters left",
    over_limit: "{over} characters over the limit; shorten it before submitting",
    submit: "Submit",
    submitted_wait: "Submitted; waiting for the site to confirm… The draft is kept until then.",
    submitted: "Submitted; the draft was cleared.",
    delete: "Delete draft",
    deleted: "Draft deleted.",
    undo: "Undo",
    close_draft: "Close",
    jump: "Go to section",
    no_drafts: "No drafts yet. Use the pencil button beside a section heading to comment on it.",
    export_md: "Download Markdown",
    export_json: "Download JSON",
    copy_md: "Copy Markdown",
    copy_json: "Copy JSON",
    copied: "Copied to the clipboard.",
    copy_failed: "The clipboard is not available; use download instead.",
    section_changed: "Note: this section has changed since you wrote this draft.",
    other_tab: "Loaded a newer version from another tab.",
    conflict: "This draft was also changed in another tab. Choose which version to keep:",
    keep_mine: "Keep this tab's version",
    take_theirs: "Use the other tab's version",
    this_tab: "This tab",
    other_tab_version: "Other tab",
    corrupt: "A stored draft could not be read; it was kept unchanged under {key}, not deleted.",
    leave_warning: "A comment draft is not saved. Leave anyway?",
    saved_label: "saved",
    smaller: "A−",
    larger: "A+",
    smaller_label: "Smaller text",
    larger_label: "Larger text",
    drafts_file: "comment-drafts",
    endnotes: "Glossary notes",
};

/// `bytes` in megabytes (MiB) with 0 or 1 `decimals`, rounded as `{:.1}` rounds (ties to
/// even), computed in integers: float formatting would add about 15 KB to the .wasm.
pub fn megabytes(bytes: usize, decimals: u32) -> String {
    let den: u64 = 1 << 20;
    let num = bytes as u64 * if decimals == 0 { 1 } else { 10 };
    let (mut q, r) = (num / den, num % den);
    if r * 2 > den || (r * 2 == den && q % 2 == 1) {
        q += 1;
    }
    if decimals == 0 {
        q.to_string()
    } else {
        format!("{}.{}", q / 10, q % 10)
    }
}

/// Replaces `{n}` in a catalogue string.
pub fn with_n(template: &str, n: usize) -> String {
    template.replace("{n}", &n.to_string())
}

/// The removed-content reason (an English key from the chrome rules) in `lang`.
pub fn reason(lang: Lang, key: &'static str) -> &'static str {
    const ZH_REASONS: &[(&str, &str)] = &[
        ("navigation", "导航"),
        ("page tools", "页面工具"),
        ("article metadata", "文章信息"),
        ("disclaimer", "免责声明"),
        ("permalink", "本文链接"),
        ("comment form", "评论表单"),
        ("previous/next links", "上一篇/下一篇"),
        ("related links", "相关链接"),
        ("site footer", "网站页脚"),
        ("editor credit", "编辑署名"),
        ("before the title", "标题之前"),
        ("after the footer", "页脚之后"),
    ];
    match lang {
        Lang::En => key,
        Lang::Zh => ZH_REASONS.iter().find(|(k, _)| *k == key).map_or(key, |(_, v)| v),
    }
}

/// A glossary error in words for readers, in `lang`.
pub fn glossary_error(lang: Lang, e: &crate::glossary::GlossaryError) -> String {
    use crate::glossary::GlossaryError as G;
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (Lang::Zh, G::NotJson { detail }) => format!("术语表不是有效的 JSON（{detail}），已改用默认术语表。"),
        (Lang::Zh, G::NotArray) => "术语表必须是由词条组成的 JSON 数组，已改用默认术语表。".into(),
        (Lang::Zh, G::Fetch { url, detail }) => {
            format!("无法从 {url} 获取术语表（{detail}），已改用默认术语表。")
        }
        (Lang::Zh, G::TooMany { count }) => format!("术语表有 {count} 条，超过上限，已改用默认术语表。"),
    }
}

/// A load error in words for readers and host developers, in `lang`.
pub fn error_message(lang: Lang, e: &crate::report::LoadError) -> String {
    use crate::report::LoadError as L;
    use crate::report::ParseError as E;
    let e = match (lang, e) {
        (Lang::En, _) => return e.to_string(),
        (Lang::Zh, L::NoSource) => return "没有提供报告：请设置 src 属性、向 mount() 传入 text，或把正文放在 <script type=\"text/plain\"> 子元素中。".into(),
        (Lang::Zh, L::Http { url, status }) => return format!("从 {url} 获取报告失败（HTTP 状态 {status}）。"),
        (Lang::Zh, L::Network { url, detail }) => return format!("从 {url} 获取报告失败：网络不通、地址错误或被跨域策略（CORS）阻止。（{detail}）"),
        (Lang::Zh, L::Parse(e)) => e,
    };
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => match e {
            E::Empty => "报告内容为空（只有空白）。".into(),
            E::NotUtf8 { offset } => {
                format!("报告不是 UTF-8 文本（第 {offset} 字节无效），请以 UTF-8 保存或提供（不支持 GBK）。")
            }
            E::Utf16 => "报告是 UTF-16 编码，请以 UTF-8 保存或提供。".into(),
            E::Binary { control_chars } => {
                format!("报告看起来是二进制文件而不是文本（含 {control_chars} 个控制字符）。")
            }
            E::HtmlPage => "报告来源是一个 HTML 网页而不是纯文本，请把 src 指向 .txt 文件。".into(),
            E::TooLarge { bytes, max } => format!(
                "报告有 {} MB，超过单页可显示的上限 {} MB，请按部分或年份拆分。",
                megabytes(*bytes, 1),
                megabytes(*max, 0)
            ),
            E::OnlyChrome { removed_lines } => {
                format!("没有找到报告正文：全部 {removed_lines} 行都像是网站的导航或页脚。")
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_round_as_float_formatting_did() {
        let ties = (1..200).step_by(2).map(|k| k * 262_144);
        for b in (0..40_000_000).step_by(4093).chain(ties).chain([8 << 20, 10 << 20, 10_590_000]) {
            let mb = b as f64 / 1_048_576.0;
            assert_eq!(megabytes(b, 1), format!("{mb:.1}"), "{b}");
            assert_eq!(megabytes(b, 0), format!("{mb:.0}"), "{b}");
        }
    }

    #[test]
    fn language_tags() {
        for (tag, want) in [
            ("en", Lang::En),
            ("en-GB", Lang::En),
            ("EN", Lang::En),
            ("zh-CN", Lang::Zh),
            ("", Lang::Zh),
            ("fr", Lang::Zh),
        ] {
            assert_eq!(Lang::from_tag(tag), want, "{tag}");
        }
    }
}
