//! The widget in real browsers (wasm-bindgen-test, headless Chromium and Firefox).
//!
//! Each test mounts into a fresh element, keeps the handle, acts, then asserts on the DOM;
//! nothing is shared between tests.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Promise, Reflect};
use report_reader::mount;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, Element, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../www/reports/jiyuan-2022.txt");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh, attached container.
fn fresh(tag: &str) -> Element {
    let el = document().create_element(tag).unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), &(*v).into()).unwrap();
    }
    o.into()
}

fn shadow(el: &Element) -> ShadowRoot {
    el.shadow_root().expect("an open shadow root")
}

fn count(root: &ShadowRoot, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &ShadowRoot, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// A promise for the next `report-reader:<name>` event on `el` (register before acting).
fn next_event(el: &Element, name: &str) -> Promise {
    let el = el.clone();
    let name = format!("report-reader:{name}");
    Promise::new(&mut |resolve: Function, _| {
        el.add_event_listener_with_callback(&name, &resolve)
            .unwrap();
    })
}

/// Awaits `p`, failing the test after `ms` instead of hanging the whole run.
async fn within(p: Promise, ms: i32, what: &str) -> JsValue {
    let timeout = Promise::new(&mut |_, reject: Function| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&reject, ms)
            .unwrap();
    });
    match JsFuture::from(Promise::race(&Array::of2(&p, &timeout))).await {
        Ok(v) => v,
        Err(_) => panic!("timed out after {ms} ms waiting for {what}"),
    }
}

fn detail(event: &JsValue, key: &str) -> JsValue {
    let detail = event
        .dyn_ref::<CustomEvent>()
        .expect("a CustomEvent")
        .detail();
    Reflect::get(&detail, &key.into()).unwrap()
}

#[wasm_bindgen_test]
async fn seed_renders_structure_in_the_shadow_root() {
    let el = fresh("div");
    let ready = next_event(&el, "ready");
    let handle = mount(&el, options(&[("text", SEED)])).unwrap();
    let event = within(ready, 5000, "ready").await;
    assert_eq!(detail(&event, "sections").as_f64(), Some(8.0));
    assert_eq!(detail(&event, "paragraphs").as_f64(), Some(8.0));
    assert_eq!(detail(&event, "salutations").as_f64(), Some(3.0));

    let root = shadow(&el);
    assert_eq!(
        text(&root, "[part~=title]"),
        "(河南省)济源市2022年政府工作报告"
    );
    assert_eq!(count(&root, "nav[part~=outline] a"), 8);
    assert_eq!(count(&root, "[part~=section]"), 8);
    assert_eq!(count(&root, "[part~=heading]"), 8);
    assert_eq!(count(&root, "[part~=paragraph]"), 8);
    assert_eq!(count(&root, "[part~=salutation]"), 3);
    let article = text(&root, "[part~=article]");
    for chrome in [
        "导航菜单",
        "本文地址",
        "留言与评论",
        "验证码",
        "不代表本站立场",
    ] {
        assert!(!article.contains(chrome), "{chrome} in the article");
    }
    assert!(text(&root, "[part~=removed]").contains("留言与评论"));
    assert_eq!(handle.sections(), 8);
    assert_eq!(
        handle.title().as_deref(),
        Some("(河南省)济源市2022年政府工作报告")
    );
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn empty_text_shows_an_alert_and_fires_error() {
    for (input, code) in [
        ("", "empty"),
        ("  \n\u{3000}\n", "empty"),
        ("\u{0}\u{1}\u{2}PNG", "binary"),
        ("<!doctype html><html><body>x</body></html>", "html-page"),
    ] {
        let el = fresh("div");
        let error = next_event(&el, "error");
        let handle = mount(&el, options(&[("text", input)])).unwrap();
        let event = within(error, 5000, "error").await;
        assert_eq!(detail(&event, "code").as_string().as_deref(), Some(code));
        assert!(detail(&event, "message")
            .as_string()
            .unwrap()
            .starts_with("report-reader: "));
        let root = shadow(&el);
        assert_eq!(
            count(&root, "[part~=error][role=alert]"),
            1,
            "{code}: visible alert"
        );
        assert!(!text(&root, "[part~=error]").is_empty());
        handle.destroy();
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn failed_fetch_is_reported() {
    let el = fresh("div");
    let error = next_event(&el, "error");
    let handle = mount(
        &el,
        options(&[("src", "/no/such/report.txt"), ("lang", "en")]),
    )
    .unwrap();
    // While loading, a status is shown rather than a blank box.
    assert_eq!(count(&shadow(&el), "[role=status]"), 1);
    let event = within(error, 5000, "error").await;
    assert_eq!(detail(&event, "code").as_string().as_deref(), Some("http"));
    let message = text(&shadow(&el), "[part~=error]");
    assert!(message.contains("404"), "{message}");
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn inline_script_text_is_read() {
    let el = fresh("div");
    let script = document().create_element("script").unwrap();
    script.set_attribute("type", "text/plain").unwrap();
    script.set_text_content(Some(
        "测试县政府工作报告\n各位代表：\n一、回顾\n过去一年，我们取得了新成绩，经济持续向好。",
    ));
    el.append_child(&script).unwrap();
    let ready = next_event(&el, "ready");
    let handle = mount(&el, JsValue::UNDEFINED).unwrap();
    within(ready, 5000, "ready").await;
    assert_eq!(text(&shadow(&el), "[part~=title]"), "测试县政府工作报告");
    assert_eq!(handle.sections(), 1);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn no_source_is_an_error() {
    let el = fresh("div");
    let error = next_event(&el, "error");
    let handle = mount(&el, JsValue::UNDEFINED).unwrap();
    let event = within(error, 5000, "error").await;
    assert_eq!(
        detail(&event, "code").as_string().as_deref(),
        Some("no-source")
    );
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn destroy_leaves_nothing() {
    let el = fresh("section");
    el.set_inner_html("<span>host content</span>");
    let handle = mount(&el, options(&[("text", SEED)])).unwrap();
    let root = shadow(&el);
    assert!(root.child_nodes().length() > 0);
    handle.destroy();
    assert_eq!(
        root.child_nodes().length(),
        0,
        "nodes left in the shadow root"
    );
    let sheets = Reflect::get(&root, &"adoptedStyleSheets".into()).unwrap();
    assert_eq!(Array::from(&sheets).length(), 0, "stylesheet left adopted");
    assert_eq!(
        el.inner_html(),
        "<span>host content</span>",
        "host light DOM changed"
    );
    assert!(handle.destroyed());
    handle.destroy(); // twice is harmless

    // A destroyed widget whose fetch was still pending renders nothing when it settles.
    let el2 = fresh("div");
    let handle2 = mount(&el2, options(&[("src", "/no/such/report.txt")])).unwrap();
    handle2.destroy();
    let settle = Promise::new(&mut |resolve: Function, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 300)
            .unwrap();
    });
    JsFuture::from(settle).await.unwrap();
    assert_eq!(shadow(&el2).child_nodes().length(), 0);
    el.remove();
    el2.remove();
}

#[wasm_bindgen_test]
async fn remount_after_destroy_and_two_instances_have_distinct_ids() {
    let a = fresh("div");
    let b = fresh("div");
    let ha = mount(&a, options(&[("text", SEED)])).unwrap();
    let hb = mount(&b, options(&[("text", SEED)])).unwrap();
    let id_a = shadow(&a)
        .query_selector("[part~=section]")
        .unwrap()
        .unwrap()
        .id();
    let id_b = shadow(&b)
        .query_selector("[part~=section]")
        .unwrap()
        .unwrap()
        .id();
    assert_ne!(id_a, id_b);
    assert!(id_a.contains("五年来我们攻坚克难革故鼎新"), "{id_a}");
    ha.destroy();
    let ha2 = mount(&a, options(&[("text", SEED)])).unwrap();
    assert_eq!(count(&shadow(&a), "[part~=section]"), 8);
    ha2.destroy();
    hb.destroy();
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
async fn outline_link_moves_focus_to_its_section() {
    let el = fresh("div");
    let handle = mount(&el, options(&[("text", SEED)])).unwrap();
    let root = shadow(&el);
    let links = root.query_selector_all("nav[part~=outline] a").unwrap();
    let last: web_sys::HtmlElement = links.item(links.length() - 1).unwrap().dyn_into().unwrap();
    last.click();
    let active = root.active_element().expect("focus inside the widget");
    assert_eq!(
        active.text_content().as_deref(),
        Some("安不忘危,兴不忘忧。")
    );
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(hash.starts_with("#rr"), "{hash}");
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
fn bad_targets_and_options_throw() {
    let img = fresh("img");
    assert!(mount(&img, options(&[("text", SEED)])).is_err());
    img.remove();
    let el = fresh("div");
    assert!(mount(&el, JsValue::from_str("not an object")).is_err());
    el.remove();
}
