//! Every scenario in `tests/scenarios/` passes its own `expect` lines, and a
//! scenario with a wrong expectation is caught (so the check can fail).

use pidns_core::scenario;
use pidns_tests::{check_file, scenario_files};

#[test]
fn every_scenario_file_passes() {
    let files = scenario_files();
    assert!(files.len() >= 45, "only {} scenario files", files.len());
    let failures: Vec<String> = files.iter().filter_map(|f| check_file(f).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn a_wrong_expectation_is_reported() {
    let sc =
        scenario::parse("init fork as a\nexpect result 3\nexpect a nspid = 9\na unshare newpid\na unshare newpid\n")
            .unwrap();
    let r = scenario::check(&sc, None);
    let lines: Vec<usize> = r.failures.iter().map(|f| f.line).collect();
    assert_eq!(lines, vec![2, 3, 5], "{:?}", r.failures);
    assert_eq!(r.failures[0].observed, "result 2");
}
