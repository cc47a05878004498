//! Decimal text of a float with a fixed number of digits after the point,
//! written with integer arithmetic only. Every number the front ends show or
//! draw goes through it, so the wasm carries no float-formatting machinery
//! (libcore's `flt2dec`, several KB).

use std::fmt;

/// `value` shown with `digits` digits after the point (at most 6), rounded
/// half away from zero; `NaN`, `inf` and `-inf` as Rust writes them. The
/// `+` flag (`{:+}`) writes a `+` before a number that is not negative, as it
/// does for Rust's numbers (a negative value that rounds to zero has none:
/// `+0.000`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fixed(pub f64, pub u8);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fixed(v, digits) = *self;
        if v.is_nan() {
            return f.pad("NaN");
        }
        let plus = if f.sign_plus() { "+" } else { "" };
        if v.is_infinite() {
            return f.pad(if v < 0.0 {
                "-inf"
            } else if f.sign_plus() {
                "+inf"
            } else {
                "inf"
            });
        }
        let digits = u32::from(digits.min(6));
        let scale = 10u64.pow(digits);
        let scaled = (v.abs() * scale as f64).round();
        // Beyond u64 (|v| above ~1.8e13 with 6 digits): no digits after the point.
        let (int, frac) = if scaled < 1.8e19 {
            let n = scaled as u64;
            (n / scale, n % scale)
        } else {
            (v.abs() as u64, 0)
        };
        let sign = if v < 0.0 && (int != 0 || frac != 0) { "-" } else { plus };
        let text = if digits == 0 {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac:0width$}", width = digits as usize)
        };
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::Fixed;

    #[test]
    fn it_writes_what_format_writes_for_ordinary_values() {
        for v in [
            0.0,
            1.0,
            -1.0,
            0.25,
            105276.1234,
            -3.5,
            0.04,
            999.96,
            1e9 + 0.3,
            1234567.891,
        ] {
            for d in 0..4u8 {
                let ours = Fixed(v, d).to_string();
                let rust = format!("{:.*}", d as usize, v);
                let close = (ours.parse::<f64>().unwrap_or(f64::NAN) - rust.parse::<f64>().unwrap_or(0.0)).abs()
                    <= 10f64.powi(-(d as i32)) + 1e-9;
                assert!(close, "{v} to {d} digits: {ours} vs {rust}");
            }
        }
        assert_eq!(Fixed(2.5, 0).to_string(), "3", "half away from zero");
        assert_eq!(Fixed(-0.04, 1).to_string(), "0.0", "no negative zero");
        assert_eq!(Fixed(0.5, 2).to_string(), "0.50");
        assert_eq!(Fixed(f64::NAN, 1).to_string(), "NaN");
        assert_eq!(format!("{:>6}", Fixed(1.5, 1)), "   1.5", "padding applies");
        assert_eq!(format!("{:+}", Fixed(0.0125, 3)), "+0.013", "the + flag");
        assert_eq!(format!("{:+}", Fixed(-0.0125, 3)), "-0.013");
        assert_eq!(format!("{:+}", Fixed(-0.0001, 3)), "+0.000", "no negative zero");
        assert_eq!(format!("{:+}", Fixed(f64::INFINITY, 3)), "+inf");
        for v in [0.0, 2.5, -3.25, 105.5, -0.75] {
            assert_eq!(format!("{:+}", Fixed(v, 3)), format!("{v:+.3}"), "as Rust writes {v}");
        }
    }
}
