//! Helpers for the browser tests: mount points, waiting for Yew, reading and
//! clicking the DOM by what users see.

use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A new element to mount an app or a component in.
pub fn fresh_root() -> Element {
    let doc = gloo::utils::document();
    let root = doc.create_element("div").expect("div");
    doc.body().expect("body").append_child(&root).expect("append");
    root
}

/// The whole app, mounted and rendered, fresh (no saved session or settings).
pub async fn mount_app() -> Element {
    let root = fresh_root();
    let props = pidns_web::components::app::AppProps { persist: false };
    yew::Renderer::<pidns_web::App>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

/// Lets Yew render what was dispatched.
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

/// The text of every element matching `selector`.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

/// Every element matching `selector`.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Clicks the first button whose text is exactly `name`, and waits.
pub async fn click(root: &Element, name: &str) {
    let button = all(root, "button")
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no button '{name}'"));
    button.dyn_ref::<HtmlElement>().expect("html element").click();
    settle().await;
}
