//! Groups likely-duplicate pairs into clusters (connected rows: A ~ B and B ~ C make one group of
//! three) and bands them by their strongest pair.

use super::super::report::{Band, LikelyCluster, LikelyPair, LikelySummary};
use super::{CERTAIN, PROBABLE};
use std::collections::HashMap;

/// Pairs listed in the report (the strongest).
pub(crate) const MAX_PAIRS: usize = 200;
/// Clusters listed in the report (the strongest first).
pub(crate) const MAX_CLUSTERS: usize = 300;
/// Pairs listed per cluster.
pub(crate) const MAX_CLUSTER_PAIRS: usize = 20;

pub fn band(score: f64) -> Band {
    if score >= CERTAIN {
        Band::Certain
    } else if score >= PROBABLE {
        Band::Probable
    } else {
        Band::Possible
    }
}

fn find(parent: &mut HashMap<u64, u64>, x: u64) -> u64 {
    let mut root = x;
    while let Some(&p) = parent.get(&root).filter(|&&p| p != root) {
        root = p;
    }
    // Path compression.
    let mut node = x;
    while node != root {
        let next = parent.get(&node).copied().unwrap_or(root);
        parent.insert(node, root);
        node = next;
    }
    root
}

/// (strongest pairs, summary with totals, clusters strongest first).
pub(crate) fn group(
    mut pairs: Vec<LikelyPair>,
    mut summary: LikelySummary,
) -> (Vec<LikelyPair>, LikelySummary, Vec<LikelyCluster>) {
    pairs.sort_by(|a, b| b.score.total_cmp(&a.score).then((a.line_a, a.line_b).cmp(&(b.line_a, b.line_b))));
    let mut parent: HashMap<u64, u64> = HashMap::new();
    for p in &pairs {
        parent.entry(p.line_a).or_insert(p.line_a);
        parent.entry(p.line_b).or_insert(p.line_b);
        let (ra, rb) = (find(&mut parent, p.line_a), find(&mut parent, p.line_b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut by_root: HashMap<u64, LikelyCluster> = HashMap::new();
    for p in &pairs {
        let root = find(&mut parent, p.line_a);
        let c = by_root.entry(root).or_insert_with(|| LikelyCluster {
            lines: Vec::new(),
            fingerprints: Vec::new(),
            band: band(p.score),
            best: p.score,
            pairs: Vec::new(),
            pairs_total: 0,
        });
        for (line, fp) in [(p.line_a, p.fingerprints[0]), (p.line_b, p.fingerprints[1])] {
            if let Err(at) = c.lines.binary_search(&line) {
                c.lines.insert(at, line);
                c.fingerprints.insert(at, fp);
            }
        }
        c.pairs_total += 1;
        if c.pairs.len() < MAX_CLUSTER_PAIRS {
            c.pairs.push(p.clone());
        }
    }
    let mut clusters: Vec<LikelyCluster> = by_root.into_values().collect();
    clusters.sort_by(|a, b| b.best.total_cmp(&a.best).then(a.lines.cmp(&b.lines)));
    summary.pairs_total = pairs.len() as u64;
    summary.clusters_total = clusters.len() as u64;
    for c in &clusters {
        summary.bands[c.band as usize] += 1;
    }
    clusters.truncate(MAX_CLUSTERS);
    pairs.truncate(MAX_PAIRS);
    (pairs, summary, clusters)
}
