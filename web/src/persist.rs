//! Keeping and sharing: the session and settings in `localStorage`, share
//! links in the URL fragment, files to download. Every input goes through
//! `pidns_core::scenario::share`, which refuses bad input with a reason; the
//! current session is never touched by a refused one.

use crate::state::{Speed, Theme};
use pidns_core::scenario::share::SessionDoc;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// Where the current session is autosaved.
pub const SESSION_KEY: &str = "pidns-lab.session";
/// Where an autosave that could not be read is moved, so it is not lost.
pub const BAD_SESSION_KEY: &str = "pidns-lab.session.unreadable";
/// Where the settings are kept.
pub const SETTINGS_KEY: &str = "pidns-lab.settings";

/// Settings that outlive a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub theme: Theme,
    pub speed: Speed,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            theme: Theme::System,
            speed: Speed::Normal,
        }
    }
}

/// This page's `localStorage`: none in Node, or when the browser disables it.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A stored string.
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores a string; false when the storage is missing or full.
pub fn write(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

impl Settings {
    /// The saved settings, or the defaults.
    pub fn load() -> Settings {
        read(SETTINGS_KEY)
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Saves them.
    pub fn save(&self) {
        write(SETTINGS_KEY, &serde_json::to_string(self).unwrap_or_default());
    }
}

/// The autosaved session: `Ok(None)` when there is none; an unreadable one
/// is moved aside (kept, not lost) and its reason returned.
pub fn load_autosave() -> Result<Option<SessionDoc>, String> {
    let Some(text) = read(SESSION_KEY) else { return Ok(None) };
    SessionDoc::from_json(&text).map(Some).map_err(|e| {
        write(BAD_SESSION_KEY, &text);
        format!(
            t!(the_autosaved_session_could_not_be_r),
            e = e,
            BAD_SESSION_KEY = BAD_SESSION_KEY
        )
    })
}

/// The share payload in the page's URL fragment (`#s1.…`), if any.
pub fn link_payload() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let payload = hash.strip_prefix('#').unwrap_or(&hash);
    (!payload.is_empty()).then(|| payload.to_string())
}

/// Removes the fragment from the address bar, so that a reload shows the
/// autosaved session (with the user's later changes) rather than the link again.
pub fn clear_link() {
    if let Some(w) = web_sys::window() {
        let path = w.location().pathname().unwrap_or_default() + &w.location().search().unwrap_or_default();
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

// The browser's own deflater (RFC 1951, raw): the wasm bundle then carries
// only the inflater (in pidns_core), which reads links with a size limit.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export async function deflate_raw(text) {
  const packed = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(packed).arrayBuffer());
}"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn deflate_raw(text: &str) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// A link that opens `doc`: this page's address with the payload as fragment.
pub async fn share_link(doc: &SessionDoc) -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(l.origin().ok()? + &l.pathname().ok()?)
        })
        .unwrap_or_default();
    let packed = deflate_raw(&doc.to_compact_json())
        .await
        .map_err(|_| t!(no_compression_stream).to_string())?;
    let bytes = js_sys::Uint8Array::new(&packed).to_vec();
    Ok(format!("{base}#{}", SessionDoc::link_from_deflated(&bytes)))
}

/// The size of an embedded session: a 16:9 slide's content area.
pub const EMBED_SIZE: (u32, u32) = (960, 540);

/// The embed form of a share link: the same address with `?embed` before the fragment.
pub fn embed_url(link: &str) -> String {
    match link.split_once('#') {
        Some((base, payload)) => format!("{base}?embed#{payload}"),
        None => format!("{link}?embed"),
    }
}

/// An `<iframe>` that shows a share link's embed form, sized for a slide.
pub fn embed_code(link: &str) -> String {
    let (w, h) = EMBED_SIZE;
    format!(
        "<iframe src=\"{}\" width=\"{w}\" height=\"{h}\" title=\"{}\" style=\"border:0\" loading=\"lazy\"></iframe>",
        embed_url(link).replace('&', "&amp;").replace('"', "&quot;"),
        t!(embed_iframe_title)
    )
}

/// Whether the address asks for a share link's embed form (`?embed`, as
/// [`embed_code`] writes it).
pub fn embed_requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.trim_start_matches('?').split('&').any(|p| p == "embed"))
}

/// This address without its query: the same session in the whole app.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(l.origin().ok()? + &l.pathname().ok()? + &l.hash().ok()?)
        })
        .unwrap_or_default()
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!(t!(could_not_save), name = name, what = what);
    let parts = js_sys_array(text);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| fail("no Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no object URL"))?;
    let doc = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| fail("no link"))?
        .dyn_into()
        .map_err(|_| fail("no link"))?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let arr = js_sys::Array::new();
    arr.push(&wasm_bindgen::JsValue::from_str(text));
    arr.into()
}

/// Reads `file` as text if it is at most `max` bytes; `done` gets the file's
/// name and its text, or why not (too large: at once, without reading it).
/// Keep the returned reader until `done` has run.
pub fn read_file(
    file: web_sys::File,
    max: usize,
    done: impl FnOnce(String, Result<String, String>) + 'static,
) -> Option<gloo::file::callbacks::FileReader> {
    let name = file.name();
    if file.size() > max as f64 {
        done(
            name,
            Err(format!(t!(bytes_at_most_are_read), file.size() as u64, max = max)),
        );
        return None;
    }
    Some(gloo::file::callbacks::read_as_text(
        &gloo::file::File::from(file),
        move |res| done(name, res.map_err(|e| format!(t!(cannot_read_it), e = e))),
    ))
}

/// [`read_file`] on the file picked in an `<input type="file">`'s change
/// event; the input is cleared so the same file can be picked again.
pub fn read_picked(
    e: &web_sys::Event,
    max: usize,
    done: impl FnOnce(String, Result<String, String>) + 'static,
) -> Option<gloo::file::callbacks::FileReader> {
    let input = e.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    read_file(file?, max, done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_form_asks_for_embed_before_the_fragment_and_escapes_the_attribute() {
        assert_eq!(
            embed_url("https://h.example/lab/#s1.abc"),
            "https://h.example/lab/?embed#s1.abc"
        );
        assert_eq!(embed_url("https://h.example/"), "https://h.example/?embed");
        let code = embed_code("https://h.example/a\"b&c#s1.x");
        assert!(
            code.starts_with(
                "<iframe src=\"https://h.example/a&quot;b&amp;c?embed#s1.x\" width=\"960\" height=\"540\""
            ),
            "{code}"
        );
    }
}
