//! wasm tests that run in Node: the kernel model compiled to wasm gives the
//! same pids as natively.

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn example_scenario_runs_in_wasm() {
    let rows = pidns_web::components::app::example_rows();
    let worker = rows.iter().find(|r| r.name == "worker").expect("worker row");
    assert_eq!(worker.nspid, vec![4, 2]);
    assert_eq!(worker.ppid, 1);
    assert_eq!(pidns_web::components::process_table::format_nspid(&worker.nspid), "4/2");
}
