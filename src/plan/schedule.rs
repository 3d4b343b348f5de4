//! Critical path method (CPM) for rollout plans: forward and backward pass over finish-to-start links with lag,
//! giving early/late dates, slack and one critical chain. Pure and O(V + E), so it can run on every page view.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiplicative (Fx-style) hash for our own integer ids: SipHash's flooding resistance buys nothing here and was
/// most of the run time.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_i32(i32::from(b)));
    }
    fn write_i32(&mut self, n: i32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n as u32)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type IdMap<V> = HashMap<i32, V, BuildHasherDefault<IdHasher>>;

/// One schedulable item; `duration` is in whole days (0 for a milestone), `not_before` is a day number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    pub id: i32,
    pub duration: i64,
    pub not_before: Option<i64>,
}

/// Finish-to-start link: `to` may start `lag` days after `from` finishes; a negative lag is a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub from: i32,
    pub to: i32,
    pub lag: i64,
}

/// Day numbers of one activity; `ef`/`lf` are exclusive ends (`ef = es + duration`).
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub id: i32,
    pub es: i64,
    pub ef: i64,
    pub ls: i64,
    pub lf: i64,
    pub slack: i64,
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Same order as the input activities.
    pub timings: Vec<Timing>,
    /// Latest early finish, or `start` when there is nothing to schedule.
    pub finish: i64,
    /// One zero-slack chain, in order, ending with an activity that finishes at `finish`.
    pub critical_chain: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// Ids around one cycle in dependency order, starting at the smallest id, not repeated at the end.
    Cycle(Vec<i32>),
    UnknownActivity(i32),
    SelfLink(i32),
    DuplicateActivity(i32),
    NegativeDuration(i32),
}

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Cycle(ids) => write!(f, "dependency cycle through activities {ids:?}"),
            Self::UnknownActivity(id) => write!(f, "link refers to unknown activity {id}"),
            Self::SelfLink(id) => write!(f, "activity {id} depends on itself"),
            Self::DuplicateActivity(id) => write!(f, "activity {id} is listed twice"),
            Self::NegativeDuration(id) => write!(f, "activity {id} has a negative duration"),
        }
    }
}

impl std::error::Error for ScheduleError {}

/// Adjacency in compressed form (offsets + one flat vector per direction): no Vec per node.
struct Graph {
    succ_at: Vec<usize>,
    succ: Vec<(usize, i64)>,
    pred_at: Vec<usize>,
    pred: Vec<(usize, i64)>,
}

impl Graph {
    fn new(n: usize, edges: &[(usize, usize, i64)]) -> Self {
        let (succ_at, succ) = compress(n, edges.iter().copied());
        let (pred_at, pred) = compress(n, edges.iter().map(|&(a, b, lag)| (b, a, lag)));
        Self { succ_at, succ, pred_at, pred }
    }
    fn succs(&self, i: usize) -> &[(usize, i64)] {
        &self.succ[self.succ_at[i]..self.succ_at[i + 1]]
    }
    fn preds(&self, i: usize) -> &[(usize, i64)] {
        &self.pred[self.pred_at[i]..self.pred_at[i + 1]]
    }
}

fn compress(n: usize, edges: impl Iterator<Item = (usize, usize, i64)> + Clone) -> (Vec<usize>, Vec<(usize, i64)>) {
    let mut at = vec![0; n + 1];
    for (a, _, _) in edges.clone() {
        at[a + 1] += 1;
    }
    for i in 0..n {
        at[i + 1] += at[i];
    }
    let mut fill = at.clone();
    let mut adj = vec![(0, 0); at[n]];
    for (a, b, lag) in edges {
        adj[fill[a]] = (b, lag);
        fill[a] += 1;
    }
    (at, adj)
}

/// Kahn's algorithm. On failure returns the node indices of one real cycle, in dependency order.
fn topo_order(g: &Graph, n: usize) -> Result<Vec<usize>, Vec<usize>> {
    let mut indeg: Vec<usize> = (0..n).map(|i| g.preds(i).len()).collect();
    let mut order: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut head = 0;
    while let Some(&i) = order.get(head) {
        head += 1;
        for &(s, _) in g.succs(i) {
            indeg[s] -= 1;
            if indeg[s] == 0 {
                order.push(s);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every node Kahn left behind still has a left-behind predecessor, so a depth-first walk along predecessors
    // must revisit a node; the revisited stretch is a real cycle (not just a node downstream of one).
    let mut pos = vec![usize::MAX; n];
    let mut path = Vec::new();
    let Some(mut cur) = (0..n).find(|&i| indeg[i] > 0) else { return Err(path) };
    while pos[cur] == usize::MAX {
        pos[cur] = path.len();
        path.push(cur);
        match g.preds(cur).iter().find(|&&(p, _)| indeg[p] > 0) {
            Some(&(p, _)) => cur = p,
            None => return Err(path),
        }
    }
    let mut cycle = path.split_off(pos[cur]);
    cycle.reverse();
    Err(cycle)
}

/// Rotates a cycle to start at its smallest id so the same cycle is always reported the same way.
fn smallest_first(mut ids: Vec<i32>) -> Vec<i32> {
    if let Some((k, _)) = ids.iter().enumerate().min_by_key(|&(_, id)| *id) {
        ids.rotate_left(k);
    }
    ids
}

/// Computes the CPM schedule from day `start`. Duplicate links between the same pair keep the largest lag.
pub fn schedule(start: i64, activities: &[Activity], links: &[Link]) -> Result<Schedule, ScheduleError> {
    let n = activities.len();
    let mut index: IdMap<usize> = IdMap::with_capacity_and_hasher(n, Default::default());
    for (i, a) in activities.iter().enumerate() {
        if a.duration < 0 {
            return Err(ScheduleError::NegativeDuration(a.id));
        }
        if index.insert(a.id, i).is_some() {
            return Err(ScheduleError::DuplicateActivity(a.id));
        }
    }
    let mut edges: Vec<(usize, usize, i64)> = Vec::with_capacity(links.len());
    for l in links {
        let from = *index.get(&l.from).ok_or(ScheduleError::UnknownActivity(l.from))?;
        let to = *index.get(&l.to).ok_or(ScheduleError::UnknownActivity(l.to))?;
        if from == to {
            return Err(ScheduleError::SelfLink(l.from));
        }
        edges.push((from, to, l.lag));
    }
    // Sorting (largest lag first within a pair) merges duplicates keeping the largest lag, and makes adjacency order,
    // hence the chosen critical chain, independent of the order links were given in.
    edges.sort_unstable_by_key(|&(a, b, lag)| (a, b, std::cmp::Reverse(lag)));
    edges.dedup_by_key(|e| (e.0, e.1));
    let graph = Graph::new(n, &edges);
    let order = topo_order(&graph, n)
        .map_err(|c| ScheduleError::Cycle(smallest_first(c.iter().map(|&i| activities[i].id).collect())))?;

    let mut es: Vec<i64> = activities.iter().map(|a| a.not_before.map_or(start, |d| d.max(start))).collect();
    let mut ef = vec![0; n];
    for &i in &order {
        ef[i] = es[i].saturating_add(activities[i].duration);
        for &(s, lag) in graph.succs(i) {
            es[s] = es[s].max(ef[i].saturating_add(lag));
        }
    }
    let finish = ef.iter().copied().max().unwrap_or(start);
    let (mut ls, mut lf) = (vec![0i64; n], vec![0i64; n]);
    for &i in order.iter().rev() {
        // Capped at `finish`: with a lead, succ.LS - lag can lie past the project end, which would grant slack that
        // does not exist (finishing later would move the end).
        lf[i] = graph.succs(i).iter().fold(finish, |acc, &(s, lag)| acc.min(ls[s].saturating_sub(lag)));
        ls[i] = lf[i].saturating_sub(activities[i].duration);
    }
    let timings = (0..n)
        .map(|i| (activities[i].id, es[i], ef[i], ls[i], lf[i]))
        .map(|(id, es, ef, ls, lf)| Timing { id, es, ef, ls, lf, slack: ls - es, critical: ls == es })
        .collect();

    // Walk back through driving predecessors (EF + lag == ES); a driver of a zero-slack activity has zero slack too,
    // so this yields one unbroken critical chain.
    let mut critical_chain = Vec::new();
    let mut cur = order.iter().rev().copied().find(|&i| ef[i] == finish);
    while let Some(i) = cur {
        critical_chain.push(activities[i].id);
        cur = graph.preds(i).iter().find(|&&(p, lag)| ef[p].saturating_add(lag) == es[i]).map(|&(p, _)| p);
    }
    critical_chain.reverse();
    Ok(Schedule { timings, finish, critical_chain })
}

/// Returns one cycle (ids in dependency order, smallest id first) if the links contain any; used to reject a new
/// dependency before saving it. Ids that appear only in `links` count as activities too, and `(a, a)` is a cycle.
pub fn find_cycle(activities: &[i32], links: &[(i32, i32)]) -> Option<Vec<i32>> {
    let mut ids: Vec<i32> = Vec::with_capacity(activities.len());
    let mut index: IdMap<usize> = IdMap::with_capacity_and_hasher(activities.len(), Default::default());
    let mut node = |id: i32| {
        *index.entry(id).or_insert_with(|| {
            ids.push(id);
            ids.len() - 1
        })
    };
    activities.iter().for_each(|&id| {
        node(id);
    });
    let edges: Vec<(usize, usize, i64)> = links.iter().map(|&(a, b)| (node(a), node(b), 0)).collect();
    let graph = Graph::new(ids.len(), &edges);
    topo_order(&graph, ids.len()).err().map(|c| smallest_first(c.iter().map(|&i| ids[i]).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Activity letter, duration, predecessor letters, then the book's ES, LS and slack.
    type Row = (char, i64, &'static str, i64, i64, i64);

    /// Builds the network (id = ASCII code, zero-lag links) and checks every row, the finish and the chain.
    fn check(rows: &[Row], finish: i64, chain: &str) {
        let acts: Vec<Activity> =
            rows.iter().map(|r| Activity { id: r.0 as i32, duration: r.1, not_before: None }).collect();
        let links: Vec<Link> =
            rows.iter().flat_map(|r| r.2.chars().map(|p| Link { from: p as i32, to: r.0 as i32, lag: 0 })).collect();
        let s = schedule(0, &acts, &links).expect("schedules");
        assert_eq!((s.finish, s.timings.len()), (finish, rows.len()));
        for (t, &(c, _, _, es, ls, slack)) in s.timings.iter().zip(rows) {
            assert_eq!((t.id, t.es, t.ls, t.slack, t.critical), (c as i32, es, ls, slack, slack == 0), "{c}");
        }
        assert_eq!(s.critical_chain, chain.chars().map(|c| c as i32).collect::<Vec<_>>());
    }

    // Hillier & Lieberman, "Introduction to Operations Research", 9th ed., McGraw-Hill 2010, ch. 10 "Project
    // Management with PERT/CPM": Reliable Construction Co. project, Table 10.1 (activities, weeks) and Table 10.2
    // (slack); 44 weeks, critical path A-B-C-E-F-J-L-N.
    #[rustfmt::skip]
    const RELIABLE: [Row; 14] = [
        ('A', 2, "", 0, 0, 0),     ('B', 4, "A", 2, 2, 0),    ('C', 10, "B", 6, 6, 0),    ('D', 6, "C", 16, 20, 4),
        ('E', 4, "C", 16, 16, 0),  ('F', 5, "E", 20, 20, 0),  ('G', 7, "D", 22, 26, 4),   ('H', 9, "EG", 29, 33, 4),
        ('I', 7, "C", 16, 18, 2),  ('J', 8, "FI", 25, 25, 0), ('K', 4, "J", 33, 34, 1),   ('L', 5, "J", 33, 33, 0),
        ('M', 2, "H", 38, 42, 4),  ('N', 6, "KL", 38, 38, 0),
    ];

    // Heizer, Render & Munson, "Operations Management", 13th ed., Pearson 2020, ch. 3 "Project Management":
    // Milwaukee Paper Manufacturing pollution-control project (weeks); 15 weeks, critical path A-C-E-G-H,
    // slack B = D = 1, F = 6, all others 0.
    #[rustfmt::skip]
    const MILWAUKEE: [Row; 8] = [
        ('A', 2, "", 0, 0, 0),     ('B', 3, "", 0, 1, 1),     ('C', 2, "A", 2, 2, 0),     ('D', 4, "AB", 3, 4, 1),
        ('E', 4, "C", 4, 4, 0),    ('F', 3, "C", 4, 10, 6),   ('G', 5, "DE", 8, 8, 0),    ('H', 2, "FG", 13, 13, 0),
    ];

    #[test]
    fn textbook_networks() {
        check(&RELIABLE, 44, "ABCEFJLN");
        check(&MILWAUKEE, 15, "ACEGH");
    }

    fn act(id: i32, duration: i64) -> Activity {
        Activity { id, duration, not_before: None }
    }
    fn link(from: i32, to: i32, lag: i64) -> Link {
        Link { from, to, lag }
    }
    fn times(s: &Schedule) -> Vec<(i64, i64, i64, bool)> {
        s.timings.iter().map(|t| (t.es, t.ef, t.slack, t.critical)).collect()
    }

    #[test]
    fn lag_and_lead() {
        let s = schedule(100, &[act(1, 3), act(2, 2)], &[link(1, 2, 2)]).unwrap();
        assert_eq!((times(&s), s.finish), (vec![(100, 103, 0, true), (105, 107, 0, true)], 107));
        // A lead lets 2 finish before 1; 1 then drives the end, so the LF cap must keep it critical.
        let s = schedule(0, &[act(1, 10), act(2, 2)], &[link(1, 2, -5)]).unwrap();
        assert_eq!((times(&s), s.finish, s.critical_chain), (vec![(0, 10, 0, true), (5, 7, 3, false)], 10, vec![1]));
        // Duplicate links between one pair: the largest lag wins.
        let s = schedule(0, &[act(1, 1), act(2, 1)], &[link(1, 2, 1), link(1, 2, 4), link(1, 2, -2)]).unwrap();
        assert_eq!(s.timings[1].es, 5);
    }

    #[test]
    fn not_before_pushes_and_frees_predecessors() {
        let b = Activity { not_before: Some(10), ..act(2, 3) };
        let s = schedule(0, &[act(1, 2), b, act(3, 1)], &[link(1, 2, 0), link(2, 3, 0)]).unwrap();
        assert_eq!(times(&s), vec![(0, 2, 8, false), (10, 13, 0, true), (13, 14, 0, true)]);
        assert_eq!((s.finish, s.critical_chain), (14, vec![2, 3]));
    }

    #[test]
    fn cycles_are_reported_with_their_members() {
        let acts = [act(4, 1), act(3, 1), act(2, 1), act(1, 1), act(5, 1)];
        let links = [link(4, 3, 0), link(3, 2, 0), link(2, 1, 0), link(1, 3, 0), link(1, 5, 0)];
        assert_eq!(schedule(0, &acts, &links), Err(ScheduleError::Cycle(vec![1, 3, 2])));
        let pairs: Vec<(i32, i32)> = links.iter().map(|l| (l.from, l.to)).collect();
        assert_eq!(find_cycle(&[1, 2, 3, 4, 5], &pairs), Some(vec![1, 3, 2]));
        assert_eq!(find_cycle(&[1, 2, 3], &[(1, 2), (2, 3), (1, 3)]), None);
        assert_eq!(find_cycle(&[1, 2], &[(1, 2), (2, 1)]), Some(vec![1, 2]));
        assert_eq!(find_cycle(&[], &[(7, 7)]), Some(vec![7]));
    }

    #[test]
    fn invalid_and_empty_input() {
        assert_eq!(schedule(0, &[act(1, 1)], &[link(1, 1, 0)]), Err(ScheduleError::SelfLink(1)));
        assert_eq!(schedule(0, &[act(1, 1)], &[link(1, 99, 0)]), Err(ScheduleError::UnknownActivity(99)));
        assert_eq!(schedule(0, &[act(1, 1), act(1, 2)], &[]), Err(ScheduleError::DuplicateActivity(1)));
        assert_eq!(schedule(0, &[act(1, -1)], &[]), Err(ScheduleError::NegativeDuration(1)));
        let empty = Schedule { timings: vec![], finish: 5, critical_chain: vec![] };
        assert_eq!(schedule(5, &[], &[]), Ok(empty));
    }

    #[test]
    fn large_chain_with_random_links() {
        let mut seed: u64 = 42;
        let mut rand = |m: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let acts: Vec<Activity> = (0..2000).map(|i| act(i, rand(10) as i64)).collect();
        let mut links: Vec<Link> = (1..2000).map(|i| link(i - 1, i, 0)).collect();
        while links.len() < 4000 {
            let (a, b) = (rand(2000) as i32, rand(2000) as i32);
            if a < b {
                links.push(link(a, b, rand(6) as i64 - 2));
            }
        }
        let s = schedule(0, &acts, &links).unwrap();
        assert!(s.timings.iter().all(|t| t.slack >= 0 && t.ef <= s.finish));
        assert!(s.finish >= acts.iter().map(|a| a.duration).sum::<i64>());
        assert_eq!(s.critical_chain.last(), Some(&1999));
        links.push(link(1999, 0, 0));
        match schedule(0, &acts, &links) {
            Err(ScheduleError::Cycle(c)) => assert!(c[0] == 0 && c.contains(&1999), "{c:?}"),
            other => panic!("expected a cycle, got {other:?}"),
        }
    }
}
