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
    let complete = next_event(&el, "complete");
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
    // The first screen is in: what no one sees at first comes a frame later, then `complete`.
    assert_eq!(count(&root, "[part~=removed]"), 0);
    assert_eq!(count(&root, "article[aria-busy=true]"), 1);
    let done = within(complete, 5000, "complete").await;
    assert_eq!(detail(&done, "sections").as_f64(), Some(8.0));
    assert_eq!(count(&root, "article[aria-busy]"), 0);
    assert!(text(&root, "[part~=removed]").contains("留言与评论"));
    assert!(count(&root, "[part~=endnotes] dt") > 0);
    assert_eq!(count(&root, ".defs > span"), count(&root, "[part~=endnotes] dt"));
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

/// `Promise.resolve(new Response(body, { status }))`, built through JS like a page would.
fn started_fetch(body: &str, status: u16) -> Promise {
    let ctor: Function = Reflect::get(&js_sys::global(), &"Response".into()).unwrap().unchecked_into();
    let init = Object::new();
    Reflect::set(&init, &"status".into(), &status.into()).unwrap();
    Promise::resolve(&Reflect::construct(&ctor, &Array::of2(&body.into(), &init)).unwrap())
}

/// A fetch the page already started (`response`, as `<report-reader>` passes one while the
/// module loads) is what the widget reads, with the outcomes of a fetch of its own: `src` only
/// names it (it points nowhere here, so a fetch of its own would end in a 404).
#[wasm_bindgen_test]
async fn a_started_fetch_is_read_in_place_of_src() {
    let rejected = Promise::reject(&js_sys::TypeError::new("Failed to fetch").into());
    for (what, response, code) in [
        ("the report", started_fetch(SEED, 200), None),
        ("a 404", started_fetch("", 404), Some("http")),
        ("a network failure", rejected, Some("network")),
    ] {
        let el = fresh("div");
        let ready = next_event(&el, "ready");
        let error = next_event(&el, "error");
        let opts = options(&[("src", "/no/such/started.txt"), ("lang", "en")]);
        Reflect::set(&opts, &"response".into(), &response).unwrap();
        let handle = mount(&el, opts).unwrap();
        let root = shadow(&el);
        match code {
            None => {
                within(ready, 5000, what).await;
                assert!(count(&root, "section.section") > 5, "{what}: rendered");
                assert_eq!(count(&root, "[part~=error]"), 0, "{what}: no alert");
            }
            Some(code) => {
                let event = within(error, 5000, what).await;
                assert_eq!(detail(&event, "code").as_string().as_deref(), Some(code), "{what}");
                assert!(
                    detail(&event, "message").as_string().unwrap().contains("/no/such/started.txt"),
                    "{what}: names src"
                );
                assert_eq!(count(&root, "[part~=error][role=alert]"), 1, "{what}: visible alert");
            }
        }
        handle.destroy();
        el.remove();
    }
}

/// `response` must be a promise, and comes with the `src` it fetches.
#[wasm_bindgen_test]
fn a_started_fetch_needs_a_promise_and_src() {
    for (pairs, response, says) in [
        (&[("src", "/r.txt")][..], JsValue::from_str("/r.txt"), "must be a Promise"),
        (&[][..], started_fetch(SEED, 200).into(), "needs `src`"),
    ] {
        let el = fresh("div");
        let opts = options(pairs);
        Reflect::set(&opts, &"response".into(), &response).unwrap();
        let error = mount(&el, opts).err().expect("mount() throws");
        let message = String::from(JsValue::from(error).unchecked_into::<js_sys::Error>().message());
        assert!(
            message.starts_with("report-reader: invalid mount options") && message.contains(says),
            "{message}"
        );
        assert!(el.shadow_root().is_none(), "nothing mounted");
        el.remove();
    }
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

/// What the loader's idle-time warm-up does (`report-reader.js`): a mount on an element that is
/// never in the page. It must render, put in what comes after the first frame (`complete`,
/// where the warm-up destroys it), and go without a trace.
#[wasm_bindgen_test]
async fn a_detached_element_renders_completes_and_goes() {
    let el = document().create_element("div").unwrap();
    el.set_id("report-reader-warm-up");
    let complete = next_event(&el, "complete");
    // As the warm-up mounts: no reading state to restore or keep.
    let opts = options(&[("text", SEED), ("storageKey", "web-test-detached")]);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    let handle = mount(&el, opts).unwrap();
    let root = shadow(&el);
    assert!(count(&root, "section.section") > 5, "the seed's sections rendered");
    assert!(
        root.get_element_by_id("report-reader-warm-up-title").is_some(),
        "the element's id is the prefix"
    );
    within(complete, 5000, "report-reader:complete on a detached element").await;
    assert!(count(&root, ".term-index li") > 0, "what comes after the first frame is in");
    handle.destroy();
    assert_eq!(root.child_nodes().length(), 0, "nodes left in the shadow root");
    assert!(!el.is_connected());
    let stored: Vec<String> =
        (0..storage().length().unwrap()).filter_map(|i| storage().key(i).ok().flatten()).collect();
    assert!(!stored.iter().any(|k| k.contains("web-test-detached")), "nothing stored: {stored:?}");
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

/// Resolves at the next frame's animation-frame callbacks.
async fn frame() {
    let p = Promise::new(&mut |resolve: Function, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// A mount at the article's start has class `opening` until the frame after its first (see
/// `RenderOptions::opening`), in each browser: what it leaves out (`content-visibility:
/// hidden`) is then skipped as usual (`auto`), and nothing is left out for good.
#[wasm_bindgen_test]
async fn the_first_frames_opening_ends_at_the_next_frame() {
    let el = fresh("div");
    let ready = next_event(&el, "ready");
    let handle = mount(&el, options(&[("text", SEED)])).unwrap();
    within(ready, 5000, "ready").await;
    let root = shadow(&el);
    let window = web_sys::window().unwrap();
    let skipped = ".section.depth-1 > .section-body:not(.near)";
    let visibility = |root: &ShadowRoot| -> Vec<String> {
        let list = root.query_selector_all(skipped).unwrap();
        (0..list.length())
            .map(|i| {
                let body: Element = list.item(i).unwrap().unchecked_into();
                window
                    .get_computed_style(&body)
                    .unwrap()
                    .unwrap()
                    .get_property_value("content-visibility")
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(count(&root, ".rr.opening"), 1, "opening at ready");
    let at_ready = visibility(&root);
    assert!(!at_ready.is_empty() && at_ready.iter().all(|v| v == "hidden"), "{at_ready:?}");
    frame().await;
    frame().await;
    frame().await;
    assert_eq!(count(&root, ".rr.opening"), 0, "gone after the first frame");
    let after = visibility(&root);
    assert!(after.len() == at_ready.len() && after.iter().all(|v| v == "auto"), "{after:?}");
    handle.destroy();
    el.remove();
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

/// Makes `window.localStorage` throw SecurityError, as in a sandboxed iframe or with storage
/// blocked. Tests share one page: always undo it before the next `.await`.
fn block_storage() {
    Function::new_no_args(
        "window.__rrStorage = Object.getOwnPropertyDescriptor(window, 'localStorage') \
           ?? Object.getOwnPropertyDescriptor(Window.prototype, 'localStorage'); \
         Object.defineProperty(window, 'localStorage', { configurable: true, \
           get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });",
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

fn unblock_storage() {
    Function::new_no_args("Object.defineProperty(window, 'localStorage', window.__rrStorage);")
        .call0(&JsValue::NULL)
        .unwrap();
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
    block_storage();
    let el = fresh("div");
    let result = mount(&el, options(&[("text", SEED)]));
    let ok = result.is_ok();
    if let Ok(handle) = &result {
        click(&shadow(&el), "button[part~=toggle]");
        click(&shadow(&el), "[data-action=collapse-all]");
        handle.destroy();
    }
    unblock_storage();
    assert!(ok, "mount failed with storage blocked");
    assert!(
        web_sys::window().unwrap().local_storage().unwrap().is_some(),
        "storage restored for other tests"
    );
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

// ── Glossary: popover, term index, host glossaries ─────────────────────────────────────────

const GLOSSARY_REPORT: &str = "测试市政府工作报告\n一、回顾\n我们推进乡村振兴，深化放管服改革。乡村振兴成效明显。\n二、计划\n全面推进乡村振兴，坚持一岗双责。\n三、建设\n继续推进乡村振兴。";

fn pointer(el: &Element, kind: &str, related: Option<&Element>) {
    let init = web_sys::PointerEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_pointer_type("mouse");
    if let Some(r) = related {
        init.set_related_target(Some(r));
    }
    el.dispatch_event(&web_sys::PointerEvent::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

fn key(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_composed(true);
    el.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
}

fn popover_open(root: &ShadowRoot) -> Option<String> {
    let pop = root.query_selector("[part~=popover]").unwrap()?;
    if pop.has_attribute("hidden") {
        return None;
    }
    pop.query_selector(".pop-term").unwrap().and_then(|t| t.text_content())
}

fn terms_of(root: &ShadowRoot) -> Vec<Element> {
    let list = root.query_selector_all("[part~=term]").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().dyn_into().unwrap()).collect()
}

fn mount_glossary_report(el: &Element, extra: &[(&str, &str)]) -> report_reader::Handle {
    let mut pairs = vec![("text", GLOSSARY_REPORT)];
    pairs.extend_from_slice(extra);
    let opts = options(&pairs);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    mount(el, opts).unwrap()
}

#[wasm_bindgen_test]
async fn hover_opens_after_a_delay_and_closes_after_leaving() {
    let el = fresh("div");
    let handle = mount_glossary_report(&el, &[]);
    let root = shadow(&el);
    let term = terms_of(&root)[0].clone();
    assert_eq!(term.text_content().as_deref(), Some("乡村振兴"));
    pointer(&term, "pointerover", None);
    assert_eq!(popover_open(&root), None, "opens only after the intent delay");
    sleep(500).await;
    assert_eq!(popover_open(&root).as_deref(), Some("乡村振兴"));
    assert_ne!(root.active_element().as_ref(), Some(&term), "hover never moves focus");
    assert!(root.active_element().is_none());
    // Moving onto the popover keeps it open.
    let pop = root.query_selector("[part~=popover]").unwrap().unwrap();
    pointer(&term, "pointerout", Some(&pop));
    pointer(&pop, "pointerover", None);
    sleep(400).await;
    assert!(popover_open(&root).is_some(), "closed while the pointer was on it");
    // Leaving both closes it after a grace period.
    pointer(&pop, "pointerout", None);
    sleep(400).await;
    assert_eq!(popover_open(&root), None);
    // A quick pass over a term does not open anything.
    pointer(&term, "pointerover", None);
    pointer(&term, "pointerout", None);
    sleep(500).await;
    assert_eq!(popover_open(&root), None);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn focus_opens_escape_closes_and_keeps_focus() {
    let el = fresh("div");
    let handle = mount_glossary_report(&el, &[]);
    let root = shadow(&el);
    let term: web_sys::HtmlElement = terms_of(&root)[1].clone().dyn_into().unwrap();
    term.focus().unwrap();
    assert_eq!(popover_open(&root).as_deref(), Some("放管服"));
    // Screen readers get the definition from the term itself.
    let described = term.get_attribute("aria-describedby").unwrap();
    let def = root.get_element_by_id(&described).expect("definition element");
    assert!(def.text_content().unwrap().len() > 10);
    assert!(term.get_attribute("aria-expanded").is_none());
    key(&term, "Escape");
    assert_eq!(popover_open(&root), None);
    assert_eq!(root.active_element().as_ref(), Some(term.as_ref()), "focus stays on the term");
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn tap_opens_one_at_a_time_and_outside_press_closes() {
    let el = fresh("div");
    let handle = mount_glossary_report(&el, &[]);
    let root = shadow(&el);
    let terms = terms_of(&root);
    terms[0].clone().dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert_eq!(popover_open(&root).as_deref(), Some("乡村振兴"));
    terms[1].clone().dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert_eq!(popover_open(&root).as_deref(), Some("放管服"));
    assert_eq!(root.query_selector_all("[part~=popover]").unwrap().length(), 1, "one popover");
    // The popover sits right after its term, so Tab reaches its controls.
    assert_eq!(
        terms[1].next_element_sibling().map(|n| n.get_attribute("part")),
        Some(Some("popover".into()))
    );
    // Inside the viewport.
    let r = root.query_selector("[part~=popover]").unwrap().unwrap().get_bounding_client_rect();
    let vw = document().document_element().unwrap().client_width() as f64;
    assert!(
        r.left() >= 0.0 && r.right() <= vw + 0.5,
        "popover outside the viewport: {} {}",
        r.left(),
        r.right()
    );
    // A press elsewhere on the page closes it.
    let init = web_sys::PointerEventInit::new();
    init.set_bubbles(true);
    document()
        .body()
        .unwrap()
        .dispatch_event(&web_sys::PointerEvent::new_with_event_init_dict("pointerdown", &init).unwrap())
        .unwrap();
    assert_eq!(popover_open(&root), None);
    // Tapping the same term twice toggles.
    terms[0].clone().dyn_into::<web_sys::HtmlElement>().unwrap().click();
    terms[0].clone().dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert_eq!(popover_open(&root), None);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn term_index_walks_occurrences_across_folded_sections() {
    let el = fresh("div");
    let handle = mount_glossary_report(&el, &[("folded", "all")]);
    let root = shadow(&el);
    click(&root, "[data-action=terms]");
    let panel = root.query_selector("[part~=term-index]").unwrap().unwrap();
    assert!(!panel.has_attribute("hidden"));
    let buttons = panel.query_selector_all("button[data-term]").unwrap();
    let names: Vec<String> =
        (0..buttons.length()).map(|i| buttons.item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(names[0], "乡村振兴 44 次", "term, visible count, spoken count");
    click(&root, "[data-action=sort-frequency]");
    let first = panel.query_selector("button[data-term]").unwrap().unwrap().text_content().unwrap();
    assert!(first.starts_with("乡村振兴"));
    click(&root, "button[data-term]");
    let walker =
        |root: &ShadowRoot| root.query_selector(".walker-pos").unwrap().unwrap().text_content().unwrap();
    assert_eq!(walker(&root), "第 1/4 处");
    let visible = |root: &ShadowRoot, k: usize| {
        let occ = root.query_selector(&format!("[data-o=\"{k}\"][data-e]")).unwrap().unwrap();
        occ.closest(".section-body[hidden]").unwrap().is_none()
    };
    assert!(visible(&root, 0));
    for (k, label) in [(1, "第 2/4 处"), (2, "第 3/4 处"), (3, "第 4/4 处")] {
        click(&root, "[data-action=next-occ]");
        assert_eq!(walker(&root), label);
        assert!(visible(&root, k), "occurrence {k} still folded");
    }
    click(&root, "[data-action=next-occ]");
    assert_eq!(walker(&root), "第 1/4 处", "wraps around");
    click(&root, "[data-action=prev-occ]");
    assert_eq!(walker(&root), "第 4/4 处");
    assert_in_sync(&root);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn host_glossary_entries_are_validated_one_by_one() {
    let el = fresh("div");
    let issues = next_event(&el, "glossary-issues");
    let glossary = js_sys::JSON::parse(
        r#"[{"term": "放管服", "definition": "主办网站的释义。", "source": "https://example.org/fgf"},
            {"term": 5, "definition": "x"},
            {"term": "坚持", "definition": "主办网站新增的词。", "source": "javascript:alert(1)"}]"#,
    )
    .unwrap();
    let opts = options(&[("text", GLOSSARY_REPORT)]);
    Reflect::set(&opts, &"glossary".into(), &glossary).unwrap();
    let handle = mount(&el, opts).unwrap();
    let root = shadow(&el);
    let event = within(issues, 2000, "glossary-issues").await;
    let list = Array::from(&detail(&event, "issues"));
    assert_eq!(list.length(), 2);
    assert_eq!(Reflect::get(&list.get(0), &"index".into()).unwrap().as_f64(), Some(1.0));
    let note = text(&root, "[part~=glossary-note]");
    assert!(note.contains("2 处问题"), "{note}");
    // The host's definition wins, with its http(s) source linked; the bad source is not.
    let fgf = terms_of(&root).into_iter().find(|t| t.text_content().as_deref() == Some("放管服")).unwrap();
    fgf.clone().dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert!(text(&root, "[part~=popover] .pop-def").contains("主办网站的释义"));
    let link = root.query_selector("[part~=popover] a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.org/fgf"));
    let jianchi = terms_of(&root).into_iter().find(|t| t.text_content().as_deref() == Some("坚持")).unwrap();
    jianchi.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert!(root.query_selector("[part~=popover] a").unwrap().is_none());
    handle.destroy();
    el.remove();
}

/// A host glossary crosses into the wasm as JSON text (`glossary::json`): fields are read as
/// property reads read them (inherited ones too), entries with a `toJSON` method and elements
/// that are not entries of strings are read field by field. When `JSON.stringify` throws (here a
/// getter that throws once), every entry is read field by field. Either way the entries and the
/// issues are the same, and texts holding control characters and quotes arrive as they were.
#[wasm_bindgen_test]
async fn json_and_field_by_field_glossaries_read_the_same() {
    let make = |extra: &str, throws_once: bool| {
        let last = if throws_once {
            "{ term: '深化', definition: '释义五。', get note() { if (calls++ === 0) throw new Error('once'); } }"
        } else {
            "{ term: '深化', definition: '释义五。' }"
        };
        let js = format!(
            r#"let calls = 0;
            return [
              {{ term: '放管服', definition: '释义一。{extra}', aliases: [] }},
              {{ term: '坚持', definition: '释义二。', aliases: ['坚持不懈'], category: null, en: 'persist' }},
              {{ term: 5, definition: 'x' }},
              'an entry as text',
              {{ term: '乡村振兴', definition: {{ text: 'd' }} }},
              {{ term: '乡村振兴', definition: 'd', aliases: ['振兴', 7] }},
              [],
              Object.create({{ term: '一岗双责', definition: '释义三。' }}),
              {{ term: '两学一做', definition: '释义四。', toJSON() {{ return {{}}; }} }},
              {last},
            ];"#
        );
        js_sys::Function::new_no_args(&js).call0(&JsValue::NULL).unwrap()
    };
    let mut seen = Vec::new();
    for (extra, throws_once) in
        [("", false), ("", true), ("\\u0001\\u0002\\u0000\\\"", false), ("\\u0001", true)]
    {
        let el = fresh("div");
        let issues = next_event(&el, "glossary-issues");
        let opts = options(&[("text", GLOSSARY_REPORT)]);
        Reflect::set(&opts, &"glossary".into(), &make(extra, throws_once)).unwrap();
        Reflect::set(&opts, &"glossaryMode".into(), &"replace".into()).unwrap();
        let handle = mount(&el, opts).unwrap();
        let root = shadow(&el);
        let event = within(issues, 2000, "glossary-issues").await;
        let list = js_sys::JSON::stringify(&detail(&event, "issues")).unwrap().as_string().unwrap();
        let indices: Vec<f64> = Array::from(&detail(&event, "issues"))
            .iter()
            .map(|i| Reflect::get(&i, &"index".into()).unwrap().as_f64().unwrap())
            .collect();
        assert_eq!(indices, [2.0, 3.0, 4.0, 5.0, 6.0], "{list}");
        let marked: Vec<String> = terms_of(&root).iter().filter_map(|t| t.text_content()).collect();
        for term in ["放管服", "坚持", "一岗双责", "深化"] {
            assert!(marked.iter().any(|t| t == term), "{term} in {marked:?}");
        }
        let open = |term: &str| {
            let el = terms_of(&root).into_iter().find(|t| t.text_content().as_deref() == Some(term)).unwrap();
            el.dyn_into::<web_sys::HtmlElement>().unwrap().click();
        };
        open("放管服");
        let def = text(&root, "[part~=popover] .pop-def");
        assert!(def.starts_with("释义一。"), "{def:?}");
        assert_eq!(def.contains('\u{1}'), !extra.is_empty(), "{def:?}");
        assert_eq!(def.contains('"'), extra.contains('"'), "{def:?}");
        open("坚持");
        assert_eq!(text(&root, "[part~=popover] .pop-def"), "释义二。");
        assert_eq!(text(&root, "[part~=popover] .pop-en"), "persist");
        assert_eq!(count(&root, "[part~=popover] .pop-note, [part~=popover] .pop-cat"), 0);
        open("一岗双责");
        assert_eq!(text(&root, "[part~=popover] .pop-def"), "释义三。");
        open("深化");
        assert_eq!(text(&root, "[part~=popover] .pop-def"), "释义五。");
        seen.push(list);
        handle.destroy();
        el.remove();
    }
    assert!(seen.iter().all(|l| *l == seen[0]), "the same issues every way: {seen:?}");
}

#[wasm_bindgen_test]
async fn a_malformed_glossary_is_an_error_and_the_report_still_renders() {
    for (url, code) in [("/no/such/glossary.json", "glossary-fetch"), ("/", "glossary-json")] {
        let el = fresh("div");
        let error = next_event(&el, "error");
        let ready = next_event(&el, "ready");
        let opts = options(&[("text", GLOSSARY_REPORT), ("glossary", url)]);
        let handle = mount(&el, opts).unwrap();
        let event = within(error, 5000, "error").await;
        assert_eq!(detail(&event, "code").as_string().as_deref(), Some(code));
        within(ready, 5000, "ready").await;
        let root = shadow(&el);
        assert_eq!(handle.sections(), 3);
        assert!(!text(&root, "[part~=glossary-note]").is_empty());
        assert!(!terms_of(&root).is_empty(), "default glossary still marks terms");
        handle.destroy();
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn marks_switch_and_density_option() {
    let el = fresh("div");
    let handle = mount_glossary_report(&el, &[("glossaryMarks", "all")]);
    let root = shadow(&el);
    let n_all = terms_of(&root).len();
    handle.destroy();
    let handle = mount_glossary_report(&el, &[]);
    let n_first = terms_of(&root).len();
    assert!(n_all > n_first, "{n_all} vs {n_first}");
    click(&root, "[data-action=marks]");
    assert_eq!(
        root.query_selector("[data-action=marks]").unwrap().unwrap().get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert!(terms_of(&root).iter().all(|t| t.get_attribute("tabindex").as_deref() == Some("-1")));
    // Back on: every term is in the Tab order again.
    click(&root, "[data-action=marks]");
    assert!(terms_of(&root).iter().all(|t| t.get_attribute("tabindex").as_deref() == Some("0")));
    handle.destroy();
    let handle = mount_glossary_report(&el, &[("glossaryMarks", "none")]);
    assert_eq!(terms_of(&root).len(), 0);
    assert!(root.query_selector("[data-e]").unwrap().is_some(), "occurrences still known to the index");
    handle.destroy();
    el.remove();
}

// ── Drafts ──────────────────────────────────────────────────────────────────────────────────

const S1: &str = "1-五年来我们攻坚克难革故鼎新";

fn mount_drafts(el: &Element, key: &str, extra: &[(&str, &str)]) -> report_reader::Handle {
    let mut pairs = vec![("text", SEED), ("storageKey", key)];
    pairs.extend_from_slice(extra);
    let opts = options(&pairs);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    mount(el, opts).unwrap()
}

fn clear_drafts(key: &str) {
    let s = storage();
    let keys: Vec<String> = (0..s.length().unwrap()).filter_map(|i| s.key(i).unwrap()).collect();
    for k in keys.into_iter().filter(|k| k.starts_with(&format!("report-reader:v1:{key}:"))) {
        s.remove_item(&k).unwrap();
    }
}

/// Opens the draft box of the first section and types `text` into it.
fn type_draft(root: &ShadowRoot, text: &str) -> web_sys::HtmlTextAreaElement {
    if root.query_selector("textarea[data-draft-text]:not([data-draft-text='~general'])").unwrap().is_none() {
        click(root, "button.draft-btn");
    }
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector(&format!("textarea[data-draft-text=\"{S1}\"]"))
        .unwrap()
        .expect("draft box")
        .dyn_into()
        .unwrap();
    area.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    area
}

fn stored(key: &str, section: &str) -> Option<String> {
    storage().get_item(&format!("report-reader:v1:{key}:{section}")).unwrap()
}

fn status(root: &ShadowRoot) -> String {
    text(root, &format!("[id$=\"draft-status-{S1}\"]"))
}

#[wasm_bindgen_test]
async fn a_draft_survives_destroy_and_remount() {
    clear_drafts("t-survive");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-survive", &[]);
    let root = shadow(&el);
    let area = type_draft(&root, "关于改革试点的意见：希望公开“济源经验”的评估报告。");
    assert_eq!(root.active_element().as_ref(), Some(area.as_ref()), "the box takes focus");
    assert!(
        text(&root, &format!("[id$=\"draft-count-{S1}\"]")).starts_with("26 / 5000"),
        "characters, not bytes"
    );
    sleep(600).await;
    assert!(status(&root).starts_with("已保存"), "{}", status(&root));
    let record = stored("t-survive", S1).expect("saved");
    assert!(record.contains("\"v\":1") && record.contains("updatedAt") && record.contains("济源经验"));
    handle.destroy();
    let handle = mount_drafts(&el, "t-survive", &[]);
    let root = shadow(&el);
    assert!(root
        .query_selector(&format!("button.draft-btn.has-draft[data-seg=\"{S1}\"]"))
        .unwrap()
        .is_some());
    click(&root, &format!("button.draft-btn[data-seg=\"{S1}\"]"));
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector(&format!("textarea[data-draft-text=\"{S1}\"]"))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), "关于改革试点的意见：希望公开“济源经验”的评估报告。");
    assert!(text(&root, ".drafts-list").contains("济源经验"));
    handle.destroy();
    clear_drafts("t-survive");
    el.remove();
}

#[wasm_bindgen_test]
async fn pagehide_and_destroy_flush_at_once() {
    clear_drafts("t-flush");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-flush", &[]);
    let root = shadow(&el);
    type_draft(&root, "马上保存");
    assert!(stored("t-flush", S1).is_none(), "debounced, not yet saved");
    web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("pagehide").unwrap()).unwrap();
    assert!(stored("t-flush", S1).unwrap().contains("马上保存"));
    type_draft(&root, "销毁前保存");
    handle.destroy();
    assert!(stored("t-flush", S1).unwrap().contains("销毁前保存"));
    clear_drafts("t-flush");
    el.remove();
}

#[wasm_bindgen_test]
async fn blocked_storage_keeps_the_draft_and_says_why() {
    clear_drafts("t-blocked");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-blocked", &[]);
    let root = shadow(&el);
    block_storage();
    type_draft(&root, "存储被禁止时写的草稿");
    // Tests share the page: the fault is injected and removed without awaiting in between.
    web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("pagehide").unwrap()).unwrap();
    let message = status(&root);
    unblock_storage();
    assert!(message.contains("未能保存") && message.contains("禁止"), "{message}");
    let drafts = Array::from(&handle.drafts());
    assert_eq!(
        Reflect::get(&drafts.get(0), &"text".into()).unwrap().as_string().as_deref(),
        Some("存储被禁止时写的草稿")
    );
    // Retried on the next change, once storage is back.
    type_draft(&root, "存储恢复后继续写");
    sleep(600).await;
    assert!(status(&root).starts_with("已保存"));
    assert!(stored("t-blocked", S1).unwrap().contains("存储恢复后继续写"));
    handle.destroy();
    clear_drafts("t-blocked");
    el.remove();
}

#[wasm_bindgen_test]
async fn full_storage_keeps_the_draft_and_says_why() {
    clear_drafts("t-full");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-full", &[]);
    let root = shadow(&el);
    Function::new_no_args(
        "window.__setItem = Storage.prototype.setItem; Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    type_draft(&root, "存储已满时写的草稿");
    web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("pagehide").unwrap()).unwrap();
    let message = status(&root);
    Function::new_no_args("Storage.prototype.setItem = window.__setItem;").call0(&JsValue::NULL).unwrap();
    assert!(message.contains("已满"), "{message}");
    assert_eq!(type_draft(&root, "存储已满时写的草稿。").value(), "存储已满时写的草稿。");
    sleep(600).await;
    assert!(stored("t-full", S1).unwrap().contains("存储已满时写的草稿。"));
    handle.destroy();
    clear_drafts("t-full");
    el.remove();
}

#[wasm_bindgen_test]
async fn a_corrupt_record_is_set_aside_not_deleted() {
    clear_drafts("t-corrupt");
    storage().set_item(&format!("report-reader:v1:t-corrupt:{S1}"), "{\"v\":1,\"text\":").unwrap();
    storage()
        .set_item("report-reader:v1:t-corrupt:~general", "{\"text\":\"v0 的旧草稿\",\"saved\":1700000000000}")
        .unwrap();
    let el = fresh("div");
    let issue = next_event(&el, "draft-issue");
    let handle = mount_drafts(&el, "t-corrupt", &[]);
    let event = within(issue, 2000, "draft-issue").await;
    let backup = detail(&event, "backupKey").as_string().unwrap();
    assert!(backup.starts_with(&format!("report-reader:v1:t-corrupt:{S1}:corrupt-")), "{backup}");
    assert_eq!(storage().get_item(&backup).unwrap().as_deref(), Some("{\"v\":1,\"text\":"), "kept as it was");
    assert!(text(&shadow(&el), ".drafts-notice").contains("另存为"));
    // The v0 record was migrated in place.
    let general = storage().get_item("report-reader:v1:t-corrupt:~general").unwrap().unwrap();
    assert!(general.contains("\"v\":1") && general.contains("v0 的旧草稿"), "{general}");
    handle.destroy();
    clear_drafts("t-corrupt");
    el.remove();
}

fn storage_event(key: &str, value: Option<&str>) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    init.set_new_value(value);
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap())
        .unwrap();
}

/// A v1 record as another tab writes it; `base` is the version it was edited from.
fn record(key: &str, text: &str, at: f64, base: f64) -> String {
    format!(
        "{{\"v\":1,\"document\":\"{key}\",\"section\":\"{S1}\",\"citation\":{{\"path\":\"1\",\"number\":null,\"title\":\"五年来\"}},\"text\":\"{text}\",\"updatedAt\":{at},\"sectionHash\":null,\"base\":{base}}}"
    )
}

/// `updatedAt` of the stored record of `key`'s first section.
fn stored_at(key: &str) -> f64 {
    let raw = stored(key, S1).expect("stored");
    Reflect::get(&js_sys::JSON::parse(&raw).unwrap(), &"updatedAt".into()).unwrap().as_f64().unwrap()
}

#[wasm_bindgen_test]
async fn another_tab_s_draft_comes_in_or_asks() {
    clear_drafts("t-tabs");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-tabs", &[]);
    let root = shadow(&el);
    let area = type_draft(&root, "本页写的");
    sleep(600).await;
    // Not editing here: the other tab's newer draft comes in.
    let k = format!("report-reader:v1:t-tabs:{S1}");
    let newer = record("t-tabs", "另一个标签页写的", js_sys::Date::now() + 1000.0, stored_at("t-tabs"));
    storage().set_item(&k, &newer).unwrap();
    storage_event(&k, Some(&newer));
    assert_eq!(area.value(), "另一个标签页写的");
    // Editing here (unsaved) while the other tab changes it: both kept, reader chooses.
    type_draft(&root, "本页又改了");
    let other = record("t-tabs", "那边也改了", js_sys::Date::now() + 2000.0, stored_at("t-tabs"));
    storage().set_item(&k, &other).unwrap();
    storage_event(&k, Some(&other));
    let chooser = text(&root, &format!("[data-draft-box=\"{S1}\"] .draft-conflict"));
    assert!(chooser.contains("本页又改了") && chooser.contains("那边也改了"), "{chooser}");
    assert_eq!(area.value(), "本页又改了", "no silent overwrite");
    sleep(600).await;
    assert!(
        stored("t-tabs", S1).unwrap().contains("那边也改了"),
        "nothing written over theirs while undecided"
    );
    click(&root, "[data-action=conflict-mine]");
    assert!(stored("t-tabs", S1).unwrap().contains("本页又改了"));
    assert!(root
        .query_selector(&format!("[data-draft-box=\"{S1}\"] .draft-conflict"))
        .unwrap()
        .unwrap()
        .has_attribute("hidden"));
    // A version saved at the same time as ours, not built on it, is a conflict too, even
    // with nothing unsaved here: storage reaches other tabs late, so neither saw the other.
    let crossed = record("t-tabs", "同时保存的", js_sys::Date::now() + 3000.0, 0.0);
    storage().set_item(&k, &crossed).unwrap();
    storage_event(&k, Some(&crossed));
    let chooser = text(&root, &format!("[data-draft-box=\"{S1}\"] .draft-conflict"));
    assert!(chooser.contains("本页又改了") && chooser.contains("同时保存的"), "{chooser}");
    assert_eq!(area.value(), "本页又改了");
    handle.destroy();
    clear_drafts("t-tabs");
    el.remove();
}

#[wasm_bindgen_test]
async fn submit_clears_only_after_the_host_confirms() {
    clear_drafts("t-submit");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-submit", &[]);
    let root = shadow(&el);
    type_draft(&root, "请公开两仓的运营数据。");
    let submitted = next_event(&el, "draft-submit");
    click(&root, &format!("[data-action=draft-submit][data-seg=\"{S1}\"]"));
    let event = within(submitted, 2000, "draft-submit").await;
    assert_eq!(detail(&event, "document").as_string().as_deref(), Some("t-submit"));
    assert_eq!(detail(&event, "section").as_string().as_deref(), Some(S1));
    assert_eq!(detail(&event, "text").as_string().as_deref(), Some("请公开两仓的运营数据。"));
    assert!(detail(&event, "title").as_string().unwrap().contains("五年来"));
    assert!(detail(&event, "updatedAt").as_f64().unwrap() > 0.0);
    assert!(stored("t-submit", S1).is_some(), "kept until confirmed (a failed post loses nothing)");
    assert!(!handle.confirm_submit(Some("no-such".into())));
    assert!(handle.confirm_submit(Some(S1.into())));
    assert!(stored("t-submit", S1).is_none());
    assert_eq!(Array::from(&handle.drafts()).length(), 0);
    handle.destroy();
    el.remove();
}

#[wasm_bindgen_test]
async fn two_widgets_keep_separate_drafts_and_limits_warn() {
    clear_drafts("t-a");
    clear_drafts("t-b");
    let a = fresh("div");
    let b = fresh("div");
    let ha = mount_drafts(&a, "t-a", &[]);
    let opts = options(&[("text", SEED), ("storageKey", "t-b")]);
    Reflect::set(&opts, &"draftMax".into(), &JsValue::from(10)).unwrap();
    let hb = mount(&b, opts).unwrap();
    type_draft(&shadow(&a), "甲的草稿");
    type_draft(&shadow(&b), "乙的草稿有十个字了吗");
    sleep(600).await;
    assert_eq!(Array::from(&ha.drafts()).length(), 1);
    let bd = Array::from(&hb.drafts());
    assert_eq!(
        Reflect::get(&bd.get(0), &"text".into()).unwrap().as_string().as_deref(),
        Some("乙的草稿有十个字了吗")
    );
    assert!(stored("t-a", S1).unwrap().contains("甲的草稿"));
    let count = text(&shadow(&b), &format!("[id$=\"draft-count-{S1}\"]"));
    assert!(count.contains("10 / 10") && count.contains("还可输入 0 字"), "{count}");
    type_draft(&shadow(&b), "乙的草稿有十一个字了吗");
    let count = text(&shadow(&b), &format!("[id$=\"draft-count-{S1}\"]"));
    assert!(count.contains("超出 1 字"), "{count}");
    let submit = shadow(&b)
        .query_selector(&format!("[data-action=draft-submit][data-seg=\"{S1}\"]"))
        .unwrap()
        .unwrap();
    assert_eq!(submit.get_attribute("aria-disabled").as_deref(), Some("true"));
    ha.destroy();
    hb.destroy();
    clear_drafts("t-a");
    clear_drafts("t-b");
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
async fn export_has_citations_and_delete_can_be_undone() {
    clear_drafts("t-export");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-export", &[]);
    let root = shadow(&el);
    type_draft(&root, "第一节的意见");
    sleep(600).await;
    let md = handle.export_drafts(None);
    assert!(md.starts_with("# (河南省)济源市2022年政府工作报告\n"), "{md}");
    assert!(md.contains("## §1 五年来,我们攻坚克难、革故鼎新。\n\n第一节的意见"), "{md}");
    let json = handle.export_drafts(Some("json".into()));
    let parsed = js_sys::JSON::parse(&json).unwrap();
    let first = Array::from(&Reflect::get(&parsed, &"drafts".into()).unwrap()).get(0);
    let citation = Reflect::get(&first, &"citation".into()).unwrap();
    assert_eq!(Reflect::get(&citation, &"path".into()).unwrap().as_string().as_deref(), Some("1"));
    click(&root, "[data-action=drafts]");
    click(&root, &format!(".drafts-list [data-action=draft-delete][data-seg=\"{S1}\"]"));
    assert!(stored("t-export", S1).is_none());
    click(&root, "[data-action=draft-undo]");
    assert!(stored("t-export", S1).unwrap().contains("第一节的意见"));
    // Jump from the list: the section's box opens (folded or not) and takes focus.
    handle.collapse_all();
    click(&root, &format!(".drafts-list [data-action=draft-jump][data-seg=\"{S1}\"]"));
    let active = root.active_element().expect("focus");
    assert_eq!(active.get_attribute("data-draft-text").as_deref(), Some(S1));
    handle.destroy();
    clear_drafts("t-export");
    el.remove();
}

#[wasm_bindgen_test]
async fn set_glossary_re_renders_keeping_folds_and_drafts() {
    clear_drafts("t-setg");
    let el = fresh("div");
    let handle = mount_drafts(&el, "t-setg", &[]);
    let root = shadow(&el);
    type_draft(&root, "换术语表之前写的");
    click(&root, "button[part~=toggle]");
    let issues = next_event(&el, "glossary-issues");
    let glossary =
        js_sys::JSON::parse(r#"[{"term": "企业军团", "definition": "新术语表的释义。"}, {"term": ""}]"#)
            .unwrap();
    handle.set_glossary(glossary, Some("replace".into()));
    within(issues, 2000, "glossary-issues").await;
    let terms: Vec<String> = terms_of(&root).iter().map(|t| t.text_content().unwrap()).collect();
    assert_eq!(terms, ["企业军团"], "replace mode: only the new glossary (the seed has no appendix)");
    assert!(!expanded(&root)[0], "folds kept");
    assert!(stored("t-setg", S1).unwrap().contains("换术语表之前写的"), "draft saved before re-render");
    assert!(root
        .query_selector(&format!("button.draft-btn.has-draft[data-seg=\"{S1}\"]"))
        .unwrap()
        .is_some());
    handle.destroy();
    clear_drafts("t-setg");
    el.remove();
}

// ── Hostile input ───────────────────────────────────────────────────────────────────────────

/// Payloads in the style of the OWASP filter-evasion cheat sheet; each sets `window.__xss` if it
/// ever runs.
const PAYLOADS: &[&str] = &[
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg/onload=window.__xss=1>",
    "\"><img src=x onerror=window.__xss=1>",
    "'><svg onload=window.__xss=1>",
    "<a href=\"javascript:window.__xss=1\">x</a>",
    "<a href=\"jav&#x09;ascript:window.__xss=1\">x</a>",
    "<iframe src=\"data:text/html,<script>parent.__xss=1</script>\"></iframe>",
    "</textarea><script>window.__xss=1</script>",
    "<style>@import 'javascript:window.__xss=1'</style>",
    "{{constructor.constructor('window.__xss=1')()}}",
    "<math><mi xlink:href=\"javascript:window.__xss=1\">x</mi></math>",
];

/// The only tags the widget itself creates inside its shadow root.
const VOCABULARY: &[&str] = &[
    "div",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "nav",
    "ol",
    "ul",
    "li",
    "a",
    "article",
    "section",
    "span",
    "button",
    "details",
    "summary",
    "svg",
    "path",
    "textarea",
    "label",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "dl",
    "dt",
    "dd",
    "strong",
    "style",
];

fn assert_clean(root: &ShadowRoot, what: &str) {
    let flag = Reflect::get(&web_sys::window().unwrap(), &"__xss".into()).unwrap();
    assert!(flag.is_undefined(), "{what}: a payload ran");
    let all = root.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let el: Element = all.item(i).unwrap().dyn_into().unwrap();
        let tag = el.tag_name().to_lowercase();
        assert!(VOCABULARY.contains(&tag.as_str()), "{what}: foreign element <{tag}>");
        let names = el.get_attribute_names();
        for n in names.iter() {
            let n = n.as_string().unwrap();
            assert!(!n.starts_with("on"), "{what}: event handler attribute {n} on <{tag}>");
            let v = el.get_attribute(&n).unwrap_or_default().to_lowercase();
            if n == "href" || n == "src" {
                assert!(
                    !v.trim_start().starts_with("javascript:") && !v.trim_start().starts_with("data:"),
                    "{what}: {n}={v}"
                );
            }
        }
    }
}

#[wasm_bindgen_test]
async fn hostile_report_glossary_and_storage_never_run_or_inject() {
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let key = format!("t-xss-{i}");
        clear_drafts(&key);
        // A planted draft record and a planted reading state with the payload everywhere.
        let record = format!(
            "{{\"v\":1,\"document\":\"{key}\",\"section\":null,\"citation\":{{\"path\":\"\",\"number\":{p},\"title\":{p}}},\"text\":{p},\"updatedAt\":1,\"sectionHash\":null}}",
            p = js_sys::JSON::stringify(&JsValue::from_str(payload)).unwrap().as_string().unwrap()
        );
        storage().set_item(&format!("report-reader:v1:{key}:~general"), &record).unwrap();
        let text = format!(
            "{payload}政府工作报告\n——{payload}在会议上\n各位代表：\n一、{payload}\n正文{payload}，推进乡村振兴。\n附：名词解释\n1.{payload}：{payload}"
        );
        let glossary = js_sys::JSON::parse(&format!(
            "[{{\"term\":\"乡村振兴\",\"definition\":{p},\"aliases\":[{p}],\"category\":{p},\"source\":\"javascript:window.__xss=1\"}},{{\"term\":{p},\"definition\":{p},\"source\":{p}}}]",
            p = js_sys::JSON::stringify(&JsValue::from_str(payload)).unwrap().as_string().unwrap()
        ))
        .unwrap();
        let el = fresh("div");
        let opts = options(&[("text", &text), ("storageKey", &format!("{key}{payload}")), ("lang", payload)]);
        Reflect::set(&opts, &"glossary".into(), &glossary).unwrap();
        let handle = mount(&el, opts).unwrap();
        let root = shadow(&el);
        // Open everything that renders stored or glossary text.
        for t in terms_of(&root) {
            t.dyn_into::<web_sys::HtmlElement>().unwrap().click();
            assert_clean(&root, payload);
        }
        click(&root, "[data-action=drafts]");
        click(&root, "[data-action=terms]");
        if root.query_selector("button.draft-btn").unwrap().is_some() {
            click(&root, "button.draft-btn");
        }
        sleep(20).await;
        assert_clean(&root, payload);
        handle.destroy();
        el.remove();
        clear_drafts(&key);
        clear_drafts(&format!("{key}{payload}"));
    }
}

/// Every broken input of the hardening matrix, in both browsers: a specific visible message and
/// a `report-reader:error` event for what cannot be shown, a working reader for the rest.
#[wasm_bindgen_test]
async fn broken_inputs_matrix() {
    // 政府工作报告 in GBK, as a data: URL (fetch reads it like any other URL).
    let gbk = "data:text/plain;base64,1f64rrmk1/ex6ri+";
    let huge = "各位代表，推进乡村振兴。".repeat(300_000);
    let errors: &[(&str, &str, &str, &str)] = &[
        ("src", gbk, "not-utf8", "UTF-8"),
        ("src", "data:application/octet-stream;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", "binary", "二进制"),
        ("src", "http://127.0.0.1:1/report.txt", "network", "获取报告失败"),
        ("src", "/no/such/report.txt", "http", "404"),
        ("text", "", "empty", "为空"),
        ("text", " \n\u{3000}\n ", "empty", "为空"),
        ("text", "<!DOCTYPE html><html><body>Not Found</body></html>", "html-page", "HTML"),
        ("text", "导航菜单\n首页 > 政务公开\n版权所有 © 2022", "only-chrome", "导航或页脚"),
        ("text", &huge, "too-large", "MB"),
    ];
    for (key, value, code, words) in errors {
        let el = fresh("div");
        let error = next_event(&el, "error");
        let handle = mount(&el, options(&[(key, value)])).unwrap();
        let event = within(error, 8000, code).await;
        assert_eq!(detail(&event, "code").as_string().as_deref(), Some(*code));
        let alert = text(&shadow(&el), "[part~=error][role=alert]");
        assert!(alert.contains(words), "{code}: {alert}");
        handle.destroy();
        el.remove();
    }
    // Shapes that must simply read.
    let line = "推进乡村振兴，深化放管服改革。".repeat(40_000);
    let deep = "工作报告\n总体安排\n第一部分 总\n一、甲\n（一）乙\n1.丙。正文，有内容。\n（1）丁。正文，有内容。\n三、跳号\n正文，有内容。";
    for (text_in, sections) in [(line.as_str(), 1), (deep, 7)] {
        let el = fresh("div");
        let ready = next_event(&el, "ready");
        let handle = mount(&el, options(&[("text", text_in)])).unwrap();
        within(ready, 8000, "ready").await;
        assert_eq!(handle.sections(), sections);
        handle.destroy();
        el.remove();
    }
    // Glossaries: not an array, wrong types, duplicates, empty terms, 10,000 entries.
    let many = Array::new();
    for i in 0..10_000 {
        let o = Object::new();
        Reflect::set(&o, &"term".into(), &format!("词{i}").into()).unwrap();
        Reflect::set(&o, &"definition".into(), &"释义。".into()).unwrap();
        many.push(&o);
    }
    let cases: Vec<(JsValue, usize)> = vec![
        (js_sys::JSON::parse(r#"[{"term":"甲","definition":"x"},{"term":"甲","definition":"y"},{"term":"","definition":"z"},{"term":["乙"],"definition":1}]"#).unwrap(), 3),
        (many.into(), 1),
    ];
    for (glossary, issues_expected) in cases {
        let el = fresh("div");
        let issues = next_event(&el, "glossary-issues");
        let opts = options(&[("text", SEED)]);
        Reflect::set(&opts, &"glossary".into(), &glossary).unwrap();
        let handle = mount(&el, opts).unwrap();
        let event = within(issues, 8000, "glossary-issues").await;
        assert_eq!(Array::from(&detail(&event, "issues")).length() as usize, issues_expected);
        assert!(!text(&shadow(&el), "[part~=glossary-note]").is_empty());
        assert_eq!(handle.sections(), 8, "the report still reads");
        handle.destroy();
        el.remove();
    }
    let el = fresh("div");
    let error = next_event(&el, "error");
    let opts = options(&[("text", SEED)]);
    Reflect::set(&opts, &"glossary".into(), &js_sys::JSON::parse(r#"{"term":"甲"}"#).unwrap()).unwrap();
    let handle = mount(&el, opts).unwrap();
    let event = within(error, 8000, "glossary-shape").await;
    assert_eq!(detail(&event, "code").as_string().as_deref(), Some("glossary-shape"));
    assert_eq!(handle.sections(), 8);
    handle.destroy();
    el.remove();
}

/// The seed's paragraphs (no headings, no chrome), one per line: material for long reports.
fn seed_body() -> String {
    SEED.lines().filter(|l| l.chars().count() > 40 && !l.contains("本站")).collect::<Vec<_>>().join("\n")
}

/// A long report: `ready` comes with the first screen in the page and the rest arriving in
/// the background (`aria-busy` meanwhile), until `report-reader:complete`. Folding, expand-all
/// and navigation work on sections not in the page yet, and nothing is lost or doubled.
#[wasm_bindgen_test]
async fn long_report_arrives_in_chunks_and_navigation_reaches_ahead() {
    // About 300 KB: the seed's body under numbered parts, well over the eager limit.
    let body = seed_body();
    let han = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut text = String::from("某市2022年政府工作报告\n各位代表！\n");
    for (i, h) in han.iter().enumerate() {
        for (k, sub) in han.iter().enumerate().take(4) {
            if k == 0 {
                text.push_str(&format!("{h}、第{}部分\n", i + 1));
            }
            text.push_str(&format!("（{sub}）第{}部分第{}项\n{body}\n", i + 1, k + 1));
        }
    }
    let el = fresh("div");
    let ready = next_event(&el, "ready");
    let complete = next_event(&el, "complete");
    let opts = options(&[("text", &text)]);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    let handle = mount(&el, opts).unwrap();
    within(ready, 10_000, "ready").await;
    let root = shadow(&el);
    let sections = handle.sections();
    assert_eq!(sections, 50);
    assert_eq!(count(&root, "nav[part~=outline] a"), 50, "the whole outline is there at once");
    let first = count(&root, "[part~=section]");
    assert!(first > 0 && first < 50, "{first} sections in the first chunk");
    assert_eq!(count(&root, "article[aria-busy=true]"), 1);

    // Fold every section before most are in the page, then go to the last one: it and its
    // ancestors unfold, and everything before it is in the page so nothing above moves.
    handle.collapse_all();
    let outline: Array = handle.outline().unchecked_into();
    let last = Reflect::get(&outline.get(outline.length() - 1), &"id".into()).unwrap().as_string().unwrap();
    assert!(handle.go_to(&last));
    assert_eq!(count(&root, "[part~=section]"), 50);
    let last_el = root.get_element_by_id(&last).expect("the last section is in the page");
    let body_el = root.get_element_by_id(&format!("{last}-body")).unwrap();
    assert!(!body_el.has_attribute("hidden"));
    assert!(last_el.closest("[hidden]").unwrap().is_none(), "its ancestors are unfolded");

    let event = within(complete, 10_000, "complete").await;
    assert_eq!(detail(&event, "sections").as_f64(), Some(50.0));
    assert_eq!(count(&root, "article[aria-busy]"), 0);
    assert_eq!(count(&root, "[part~=section]"), 50, "no section twice");
    assert_eq!(count(&root, "[part~=paragraph]"), 40 * body.lines().count() as u32);
    handle.expand_all();
    assert_eq!(expanded(&root), vec![true; toggles(&root).len()]);
    assert_in_sync(&root);
    handle.destroy();
    el.remove();
}

/// Sections folded before their chunk arrives come into the page folded.
#[wasm_bindgen_test]
async fn chunks_arrive_with_the_folds_of_the_moment() {
    let body = seed_body();
    let mut text = String::from("某市2022年政府工作报告\n");
    for i in 0..30 {
        text.push_str(&format!(
            "{}、第{}部分\n{body}\n",
            ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][i % 10],
            i + 1
        ));
    }
    let el = fresh("div");
    let complete = next_event(&el, "complete");
    let opts = options(&[("text", &text)]);
    Reflect::set(&opts, &"remember".into(), &JsValue::FALSE).unwrap();
    let handle = mount(&el, opts).unwrap();
    let root = shadow(&el);
    let before = count(&root, "[part~=section]");
    assert!(before < 30, "{before}");
    handle.collapse_all();
    within(complete, 10_000, "complete").await;
    assert_eq!(count(&root, "[part~=section]"), 30);
    assert_eq!(expanded(&root), vec![false; 30]);
    assert_eq!(count(&root, ".section-body:not([hidden])"), 0);
    assert_in_sync(&root);
    handle.destroy();
    el.remove();
}

/// A section body the browser skips holds about the height its text takes once laid out, at
/// the column's characters per line (`render::estimate`, the stylesheet's `--rr-u` and
/// `--rr-c`): checked in each browser at a desktop and a phone width.
#[wasm_bindgen_test]
async fn skipped_bodies_hold_about_their_laid_out_height() {
    for width in [760, 390] {
        let el = fresh("div");
        let html: &web_sys::HtmlElement = el.unchecked_ref();
        html.style().set_property("width", &format!("{width}px")).unwrap();
        let ready = next_event(&el, "ready");
        let handle = mount(&el, options(&[("text", SEED)])).unwrap();
        within(ready, 5000, "ready").await;
        let root = shadow(&el);
        let window = web_sys::window().unwrap();
        let article = root.query_selector("[part~=article]").unwrap().unwrap();
        let style = window.get_computed_style(&article).unwrap().unwrap();
        let em: f64 = style.get_property_value("font-size").unwrap().trim_end_matches("px").parse().unwrap();
        let per_line = (article.get_bounding_client_rect().width() / em).floor();
        let bodies = root.query_selector_all(".section.depth-1 > .section-body:not(.near)").unwrap();
        assert!(bodies.length() >= 4, "{} skippable bodies", bodies.length());
        let mut placeholders = Vec::new();
        for i in 0..bodies.length() {
            let body: Element = bodies.item(i).unwrap().unchecked_into();
            let computed = window.get_computed_style(&body).unwrap().unwrap();
            let c = computed.get_property_value("--rr-c").unwrap();
            assert_eq!(c.trim().parse::<f64>().ok(), Some(per_line), "characters per line at {width} px");
            // "auto 313.002px": the length after `auto`.
            let value = computed.get_property_value("contain-intrinsic-block-size").unwrap();
            let px = value
                .split_whitespace()
                .last()
                .and_then(|v| v.strip_suffix("px"))
                .and_then(|v| v.parse::<f64>().ok());
            placeholders.push(px.unwrap_or_else(|| panic!("placeholder {value:?} at {width} px")));
        }
        for i in 0..bodies.length() {
            let body: web_sys::HtmlElement = bodies.item(i).unwrap().unchecked_into();
            body.style().set_property("content-visibility", "visible").unwrap();
            let real = body.get_bounding_client_rect().height();
            let ratio = placeholders[i as usize] / real;
            assert!(
                (0.75..1.33).contains(&ratio),
                "body {i} at {width} px: {} for {real}",
                placeholders[i as usize]
            );
        }
        handle.destroy();
        el.remove();
    }
}

/// `warmUpCore` (the loader's warm-up worker runs it) computes what a mount does without a
/// page: markup for every chunk of a long report, with or without a host glossary, and for
/// bad input nothing, without a panic; and it leaves the document and storage alone.
#[wasm_bindgen_test]
fn warm_up_core_renders_without_a_page() {
    use report_reader::warm_up_core;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let (children, stored) = (document().body().unwrap().child_element_count(), storage.length().unwrap());
    let entries = || {
        let entry = Object::new();
        Reflect::set(&entry, &"term".into(), &"济源".into()).unwrap();
        Reflect::set(&entry, &"definition".into(), &"河南省辖市。".into()).unwrap();
        Array::of1(&entry).into()
    };
    let seed = warm_up_core(SEED, JsValue::UNDEFINED);
    assert!(seed > SEED.len(), "markup for the whole seed: {seed} bytes");
    assert_eq!(warm_up_core(SEED, JsValue::NULL), seed, "null is no glossary, too");
    assert!(warm_up_core(SEED, entries()) > seed, "the host's term is marked");
    // Not an array: the glossary's error is part of the markup, as a mount would show it.
    assert!(warm_up_core(SEED, "[{".into()) > 0);
    // Past the size a mount renders at once: the later chunks are rendered too.
    let long = SEED.repeat(12);
    assert!(warm_up_core(&long, entries()) > long.len());
    for bad in ["", "   \n\n", "\u{0}\u{1}\u{2}PK\u{3}\u{4}"] {
        assert_eq!(warm_up_core(bad, JsValue::UNDEFINED), 0, "{bad:?}: no report, nothing made");
    }
    assert_eq!(document().body().unwrap().child_element_count(), children);
    assert_eq!(storage.length().unwrap(), stored);
}
