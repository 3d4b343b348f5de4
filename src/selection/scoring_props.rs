//! Seeded property checks for `scoring` (no external crate: a small xorshift generator).

use super::*;

// ---- seeded properties ----

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

fn random_scores(rng: &mut XorShift, products: usize, criteria: usize) -> Vec<Vec<Option<f64>>> {
    (0..products).map(|_| (0..criteria).map(|_| (rng.unit() > 0.1).then(|| 1.0 + 4.0 * rng.unit())).collect()).collect()
}

#[test]
fn property_normalize_is_scale_invariant() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let n = rng.pick(1, 8);
        let w: Vec<f64> = (0..n).map(|_| if rng.unit() < 0.15 { 0.0 } else { 10.0 * rng.unit() }).collect();
        let c = 10f64.powf(12.0 * rng.unit() - 6.0);
        let scaled: Vec<f64> = w.iter().map(|x| x * c).collect();
        let (Ok(a), Ok(b)) = (normalize(&w), normalize(&scaled)) else {
            assert!(w.iter().all(|&x| x == 0.0));
            continue;
        };
        assert!(a.iter().zip(&b).all(|(x, y)| close(*x, *y, 1e-12)));
        assert!(close(a.iter().sum(), 1.0, 1e-12));
        let products = rng.pick(2, 6);
        let scores = random_scores(&mut rng, products, n);
        assert_eq!(ranking(&weighted_totals(&a, &scores)), ranking(&weighted_totals(&b, &scores)));
    }
}

#[test]
fn property_consistent_matrices_have_zero_cr_and_return_their_weights() {
    let mut rng = XorShift(0xD1B5_4A32_D192_ED03);
    for _ in 0..300 {
        let n = rng.pick(1, 12);
        // Any positive weights, through the unchecked arithmetic (ratios are off the 1–9 scale).
        let w: Vec<f64> = (0..n).map(|_| 0.01 + rng.unit()).collect();
        let m: Vec<Vec<f64>> = w.iter().map(|wi| w.iter().map(|wj| wi / wj).collect()).collect();
        let r = analyse(&m);
        let sum: f64 = w.iter().sum();
        assert!(r.cr.abs() < 1e-9 && close(r.lambda_max, n as f64, 1e-9) && r.worst.is_none());
        assert!(r.priorities.iter().zip(&w).all(|(p, wi)| close(*p, wi / sum, 1e-9)));
        // Weights whose every ratio is on the scale, through the validating entry point.
        let chains: [&[f64]; 5] = [&[1.0, 2.0, 4.0, 8.0], &[1.0, 3.0, 9.0], &[1.0, 2.0, 6.0], &[1.0, 7.0], &[1.0, 5.0]];
        let chain = chains[rng.pick(0, chains.len() - 1)];
        let w: Vec<f64> = (0..n).map(|_| chain[rng.pick(0, chain.len() - 1)]).collect();
        let m: Vec<Vec<f64>> = w.iter().map(|wi| w.iter().map(|wj| wi / wj).collect()).collect();
        let r = ahp(&m).unwrap();
        let sum: f64 = w.iter().sum();
        assert!(r.cr.abs() < 1e-9 && r.acceptable);
        assert!(r.priorities.iter().zip(&w).all(|(p, wi)| close(*p, wi / sum, 1e-9)));
    }
}

#[test]
fn property_sensitivity_delta_is_the_tipping_point() {
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let hair = 1e-7;
    let mut checked = 0;
    for _ in 0..300 {
        let n = rng.pick(2, 6);
        let raw: Vec<f64> = (0..n).map(|_| if rng.unit() < 0.1 { 0.0 } else { rng.unit() }).collect();
        let Ok(w) = normalize(&raw) else { continue };
        let products = rng.pick(2, 6);
        let scores = random_scores(&mut rng, products, n);
        let top = leader(&w, &scores);
        for (k, s) in sensitivity(&w, &scores).into_iter().enumerate() {
            // δ is the nearest change either way, so the leader holds on a grid of weights closer
            // than |δ| (and everywhere when there is none).
            let d = s.as_ref().map(|s| s.delta_points / 100.0);
            for step in 0..=50 {
                let x = step as f64 / 50.0;
                if d.is_none_or(|d| (x - w[k]).abs() < d.abs() - 1e-6)
                    && let Some(sw) = shift_weight(&w, k, x - w[k])
                {
                    assert_eq!(leader(&sw, &scores), top, "k {k}, x {x}, {s:?}");
                }
            }
            let Some(s) = s else { continue };
            let d = s.delta_points / 100.0;
            assert!(d != 0.0, "random data should not tie");
            if d.abs() > hair {
                assert_eq!(leader(&shift_weight(&w, k, d - d.signum() * hair).unwrap(), &scores), top);
            }
            if let Some(past) = shift_weight(&w, k, d + d.signum() * hair) {
                assert_eq!(leader(&past, &scores), s.new_leader, "k {k}, {s:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} crossings exercised");
}
