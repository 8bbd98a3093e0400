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
};

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
