//! The page shell: title and the first panel, a worked example computed by
//! the kernel model running in the browser.

use super::process_table::ProcessTable;
use pidns_core::scenario::{self, ProcessRow};
use yew::prelude::*;

/// The scenario shown on the first page: `unshare`, whose caller stays put
/// while its first child becomes pid 1.
pub const EXAMPLE: &str = "init fork as shell
shell unshare newpid
shell fork as boot
boot fork as worker
shell fork as second
";

/// Runs [`EXAMPLE`] in the model and returns its process table.
pub fn example_rows() -> Vec<ProcessRow> {
    match scenario::parse(EXAMPLE) {
        Ok(sc) => scenario::check(&sc, None)
            .session
            .map(|s| s.table())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// The application root.
#[function_component(App)]
pub fn app() -> Html {
    let rows = use_memo((), |_| example_rows());
    html! {
        <>
            <header class="banner">
                <h1>{ "pidns-lab" }</h1>
                <p class="tagline">{ "Linux PID namespaces, flat and multilevel, as the kernel numbers them." }</p>
            </header>
            <main>
                <section class="panel" aria-labelledby="example-title">
                    <h2 id="example-title">{ "unshare(CLONE_NEWPID): the caller stays, its first child is pid 1" }</h2>
                    <pre class="scenario">{ EXAMPLE }</pre>
                    <ProcessTable rows={(*rows).clone()} />
                </section>
            </main>
        </>
    }
}
