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
    root.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

/// A promise for the next `report-reader:<name>` event on `el` (register before acting).
fn next_event(el: &Element, name: &str) -> Promise {
    let el = el.clone();
    let name = format!("report-reader:{name}");
    Promise::new(&mut |resolve: Function, _| {
        el.add_event_listener_with_callback(&name, &resolve).unwrap();
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
    let detail = event.dyn_ref::<CustomEvent>().expect("a CustomEvent").detail();
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
    assert_eq!(text(&root, "[part~=title]"), "(河南省)济源市2022年政府工作报告");
    assert_eq!(count(&root, "nav[part~=outline] a"), 8);
    assert_eq!(count(&root, "[part~=section]"), 8);
    assert_eq!(count(&root, "[part~=heading]"), 8);
    assert_eq!(count(&root, "[part~=paragraph]"), 8);
    assert_eq!(count(&root, "[part~=salutation]"), 3);
    let article = text(&root, "[part~=article]");
    for chrome in ["导航菜单", "本文地址", "留言与评论", "验证码", "不代表本站立场"] {
        assert!(!article.contains(chrome), "{chrome} in the article");
    }
    assert!(text(&root, "[part~=removed]").contains("留言与评论"));
    assert_eq!(handle.sections(), 8);
    assert_eq!(handle.title().as_deref(), Some("(河南省)济源市2022年政府工作报告"));
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
        assert!(detail(&event, "message").as_string().unwrap().starts_with("report-reader: "));
        let root = shadow(&el);
        assert_eq!(count(&root, "[part~=error][role=alert]"), 1, "{code}: visible alert");
        assert!(!text(&root, "[part~=error]").is_empty());
        handle.destroy();
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn failed_fetch_is_reported() {
    let el = fresh("div");
    let error = next_event(&el, "error");
    let handle = mount(&el, options(&[("src", "/no/such/report.txt"), ("lang", "en")])).unwrap();
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
    assert_eq!(detail(&event, "code").as_string().as_deref(), Some("no-source"));
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
    assert_eq!(root.child_nodes().length(), 0, "nodes left in the shadow root");
    let sheets = Reflect::get(&root, &"adoptedStyleSheets".into()).unwrap();
    assert_eq!(Array::from(&sheets).length(), 0, "stylesheet left adopted");
    assert_eq!(el.inner_html(), "<span>host content</span>", "host light DOM changed");
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
    let id_a = shadow(&a).query_selector("[part~=section]").unwrap().unwrap().id();
    let id_b = shadow(&b).query_selector("[part~=section]").unwrap().unwrap().id();
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
    assert_eq!(active.text_content().as_deref(), Some("安不忘危,兴不忘忧。"));
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

// ── Outline: folding, deep links, remembered state ─────────────────────────────────────────

fn toggles(root: &ShadowRoot) -> Vec<Element> {
    let list = root.query_selector_all("button[part~=toggle]").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().dyn_into().unwrap()).collect()
}

fn expanded(root: &ShadowRoot) -> Vec<bool> {
    toggles(root).iter().map(|b| b.get_attribute("aria-expanded").as_deref() == Some("true")).collect()
}

/// Whether the body a toggle controls is hidden, and aria-expanded says the opposite.
fn assert_in_sync(root: &ShadowRoot) {
    for b in toggles(root) {
        let body = root
            .get_element_by_id(&b.get_attribute("aria-controls").unwrap())
            .expect("controlled body exists");
        let open = b.get_attribute("aria-expanded").as_deref() == Some("true");
        assert_eq!(open, !body.has_attribute("hidden"), "aria-expanded out of sync for {}", body.id());
    }
}

fn click(root: &ShadowRoot, selector: &str) {
    let el: web_sys::HtmlElement =
        root.query_selector(selector).unwrap().expect(selector).dyn_into().unwrap();
    el.click();
}

async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve: Function, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

const NATIONAL: &str = include_str!("fixtures/national-crlf.txt");

#[wasm_bindgen_test]
async fn fold_and_unfold_from_the_heading_button() {
    let el = fresh("div");
    let opts = options(&[("text", SEED)]);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    let handle = mount(&el, opts).unwrap();
    let root = shadow(&el);
    assert_eq!(expanded(&root), vec![true; 8]);
    let toggle_event = next_event(&el, "toggle");
    let first = &toggles(&root)[0];
    first.clone().dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert_eq!(first.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_in_sync(&root);
    let body = root.get_element_by_id(&first.get_attribute("aria-controls").unwrap()).unwrap();
    assert!(body.has_attribute("hidden"));
    let event = within(toggle_event, 2000, "toggle event").await;
    assert_eq!(detail(&event, "expanded").as_bool(), Some(false));
    assert!(detail(&event, "id").as_string().unwrap().ends_with("五年来我们攻坚克难革故鼎新"));
    first.clone().dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert!(!body.has_attribute("hidden"));
    assert_in_sync(&root);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn expand_all_and_collapse_all() {
    let el = fresh("div");
    let remember = JsValue::FALSE;
    let opts = options(&[("text", NATIONAL)]);
    Reflect::set(&opts, &"remember".into(), &remember).unwrap();
    let handle = mount(&el, opts).unwrap();
    let root = shadow(&el);
    let n = toggles(&root).len();
    assert!(n >= 8, "{n} toggles");
    click(&root, "[data-action=collapse-all]");
    assert_eq!(expanded(&root), vec![false; n]);
    assert_in_sync(&root);
    click(&root, "[data-action=expand-all]");
    assert_eq!(expanded(&root), vec![true; n]);
    handle.collapse_all();
    assert_eq!(expanded(&root), vec![false; n]);
    handle.expand_all();
    assert_eq!(expanded(&root), vec![true; n]);
    assert_in_sync(&root);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn initial_fold_state_from_the_folded_option() {
    for (folded, want_open_depths) in
        [("none", vec![1, 2, 3]), ("all", vec![]), ("1", vec![1]), ("2", vec![1, 2])]
    {
        let el = fresh("div");
        let opts = options(&[("text", NATIONAL), ("folded", folded)]);
        Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
        let handle = mount(&el, opts).unwrap();
        let root = shadow(&el);
        for b in toggles(&root) {
            let section = b.closest("section").unwrap().unwrap();
            let depth: usize = section.class_name().split("depth-").nth(1).unwrap().parse().unwrap();
            let open = b.get_attribute("aria-expanded").as_deref() == Some("true");
            assert_eq!(open, want_open_depths.contains(&depth), "folded={folded} depth {depth}");
        }
        assert_in_sync(&root);
        handle.destroy();
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn hash_to_a_folded_section_unfolds_its_ancestors() {
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let el = fresh("div");
    el.set_id("deep");
    // 2023年工作安排 > （一）着力扩大有效需求 > 2.促进消费回暖
    history.replace_state_with_url(&JsValue::NULL, "", Some("#deep-2-1-2-促进消费回暖")).unwrap();
    let opts = options(&[("text", NATIONAL), ("folded", "all")]);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    let handle = mount(&el, opts).unwrap();
    let root = shadow(&el);
    for id in ["deep-2-2023年工作安排", "deep-2-1-着力扩大有效需求", "deep-2-1-2-促进消费回暖"]
    {
        let body = root.get_element_by_id(&format!("{id}-body")).expect(id);
        assert!(!body.has_attribute("hidden"), "{id} still folded");
    }
    assert!(
        root.get_element_by_id("deep-1-2022年工作回顾-body").unwrap().has_attribute("hidden"),
        "others stay folded"
    );
    let active = root.active_element().expect("focus on the target");
    assert!(active.text_content().unwrap().contains("促进消费回暖"));
    assert_in_sync(&root);
    assert_eq!(handle.current().as_deref(), Some("deep-2-1-2-促进消费回暖"));

    // A later fragment change (a link in the host page, back/forward) is followed too.
    window.location().set_hash("deep-1-3-坚持生态优先环境质量持续改善").unwrap();
    sleep(100).await;
    assert!(!root
        .get_element_by_id("deep-1-3-坚持生态优先环境质量持续改善-body")
        .unwrap()
        .has_attribute("hidden"));
    assert!(handle.go_to("3-加强政府自身建设"));
    assert!(!handle.go_to("no-such-section"));
    history.replace_state_with_url(&JsValue::NULL, "", Some("#")).unwrap();
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn two_instances_have_distinct_stable_prefixes() {
    let a = fresh("div");
    let b = fresh("div");
    let ha = mount(&a, options(&[("text", SEED)])).unwrap();
    let hb = mount(&b, options(&[("text", SEED)])).unwrap();
    let first = |h: &report_reader::Handle| {
        let o = h.outline();
        Reflect::get(&Array::from(&o).get(0), &"id".into()).unwrap().as_string().unwrap()
    };
    let (ida, idb) = (first(&ha), first(&hb));
    assert_ne!(ida, idb);
    assert!(shadow(&a).get_element_by_id(&ida).is_some() && shadow(&b).get_element_by_id(&idb).is_some());
    // A remount reuses the freed prefix, so links to the page's widgets stay valid.
    ha.destroy();
    let ha2 = mount(&a, options(&[("text", SEED)])).unwrap();
    assert_eq!(first(&ha2), ida);
    ha2.destroy();
    hb.destroy();
    a.remove();
    b.remove();
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn fold_state_is_remembered_per_document() {
    let key = "report-reader:v1:web-test-remember:~reading";
    storage().remove_item(key).unwrap();
    let el = fresh("div");
    let handle = mount(&el, options(&[("text", SEED), ("storageKey", "web-test-remember")])).unwrap();
    click(&shadow(&el), "button[part~=toggle]");
    handle.destroy(); // flushes the pending save
    let saved = storage().get_item(key).unwrap().expect("state saved");
    assert!(saved.contains("\"folded\":[\"1-五年来我们攻坚克难革故鼎新\"]"), "{saved}");

    let handle = mount(&el, options(&[("text", SEED), ("storageKey", "web-test-remember")])).unwrap();
    let open = expanded(&shadow(&el));
    assert!(!open[0], "fold restored");
    assert!(open[1..].iter().all(|o| *o));
    handle.destroy();

    // An expired record (over 30 days) is ignored and removed.
    let old = js_sys::Date::now() - 31.0 * 24.0 * 3600.0 * 1000.0;
    storage().set_item(key, &format!("{{\"v\":1,\"folded\":[\"1-五年来我们攻坚克难革故鼎新\"],\"position\":null,\"updatedAt\":{old}}}")).unwrap();
    let handle = mount(&el, options(&[("text", SEED), ("storageKey", "web-test-remember")])).unwrap();
    assert!(expanded(&shadow(&el)).iter().all(|o| *o), "expired state restored");
    assert!(storage().get_item(key).unwrap().is_none(), "expired record kept");
    handle.destroy();

    // A corrupt record is ignored: reading goes on.
    storage().set_item(key, "{not json").unwrap();
    let handle = mount(&el, options(&[("text", SEED), ("storageKey", "web-test-remember")])).unwrap();
    assert_eq!(handle.sections(), 8);
    handle.destroy();
    storage().remove_item(key).unwrap();
    el.remove();
}

#[wasm_bindgen_test]
async fn remember_false_neither_reads_nor_writes() {
    let key = "report-reader:v1:web-test-forget:~reading";
    storage().set_item(key, &format!("{{\"v\":1,\"folded\":[\"1-五年来我们攻坚克难革故鼎新\"],\"position\":null,\"updatedAt\":{}}}", js_sys::Date::now())).unwrap();
    let el = fresh("div");
    let opts = options(&[("text", SEED), ("storageKey", "web-test-forget")]);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    let handle = mount(&el, opts).unwrap();
    assert!(expanded(&shadow(&el)).iter().all(|o| *o), "state was read");
    click(&shadow(&el), "[data-action=collapse-all]");
    handle.destroy();
    let stored = storage().get_item(key).unwrap().unwrap();
    assert!(stored.contains("\"folded\":[\"1-五年来我们攻坚克难革故鼎新\"]"), "state was written: {stored}");
    storage().remove_item(key).unwrap();
    el.remove();
}

#[wasm_bindgen_test]
async fn blocked_storage_never_breaks_reading() {
    let block = Function::new_no_args(
        "Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });",
    );
    let unblock = Function::new_no_args("delete window.localStorage;");
    block.call0(&JsValue::NULL).unwrap();
    let el = fresh("div");
    let result = mount(&el, options(&[("text", SEED)]));
    let ok = result.is_ok();
    if let Ok(handle) = &result {
        click(&shadow(&el), "button[part~=toggle]");
        click(&shadow(&el), "[data-action=collapse-all]");
        handle.destroy();
    }
    unblock.call0(&JsValue::NULL).unwrap();
    assert!(ok, "mount failed with storage blocked");
    assert!(web_sys::window().unwrap().local_storage().is_ok(), "storage restored for other tests");
    el.remove();
}

#[wasm_bindgen_test]
async fn beforematch_unfolds_state() {
    let el = fresh("div");
    let opts = options(&[("text", SEED), ("folded", "all")]);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    let handle = mount(&el, opts).unwrap();
    let root = shadow(&el);
    let button = toggles(&root)[2].clone();
    let body = root.get_element_by_id(&button.get_attribute("aria-controls").unwrap()).unwrap();
    assert!(body.has_attribute("hidden"));
    // What the browser does when find-in-page matches folded text: fire beforematch, then
    // remove `hidden`.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("beforematch", &init).unwrap();
    body.dispatch_event(&event).unwrap();
    body.remove_attribute("hidden").unwrap();
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_in_sync(&root);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn outline_drawer_opens_and_escape_closes_it() {
    let el = fresh("div");
    // The drawer is the narrow layout's (the widget's own width decides, not the window's).
    el.set_attribute("style", "display: block; width: 360px").unwrap();
    let handle = mount(&el, options(&[("text", SEED)])).unwrap();
    let root = shadow(&el);
    let button = root.query_selector("button.outline-toggle").unwrap().unwrap();
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    click(&root, "button.outline-toggle");
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(root.query_selector(".side[data-open]").unwrap().is_some());
    let active = root.active_element().expect("focus moved into the drawer");
    assert_eq!(active.tag_name(), "A");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    active
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(root.active_element().as_ref(), Some(&button), "focus returned to the button");
    handle.destroy();
    el.remove();
}
