//! Load over HTTP: many clients at once, every answer's time kept, quantiles after.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::Client;

/// Times of answers, and how many were not 2xx.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub times: Vec<Duration>,
    pub errors: u64,
    /// The first few failures, to say why.
    pub why: Vec<String>,
}

impl Timings {
    pub fn add(&mut self, other: Timings) {
        self.times.extend(other.times);
        self.errors += other.errors;
        self.why.extend(other.why);
        self.why.truncate(3);
    }

    pub fn fail(&mut self, why: String) {
        self.errors += 1;
        if self.why.len() < 3 {
            self.why.push(why);
        }
    }

    pub fn quantile(&self, q: f64) -> Duration {
        let mut t = self.times.clone();
        t.sort();
        if t.is_empty() {
            return Duration::ZERO;
        }
        t[((t.len() as f64 - 1.0) * q).round() as usize]
    }

    pub fn count(&self) -> usize {
        self.times.len()
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// `clients` clients each asking `url` again and again for `span`: the HTTP ceiling.
pub async fn hammer(http: &Client, url: &str, clients: usize, span: Duration) -> (Timings, f64) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, url) = (http.clone(), url.to_string());
        tasks.push(tokio::spawn(async move {
            let mut t = Timings::default();
            while started.elapsed() < span {
                let at = Instant::now();
                match http.get(&url).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        t.times.push(at.elapsed());
                    }
                    _ => t.errors += 1,
                }
            }
            t
        }));
    }
    let mut all = Timings::default();
    for task in tasks {
        all.add(task.await.expect("client"));
    }
    (all, started.elapsed().as_secs_f64())
}

/// Readers asking for `paths` in turn until `stop` is set; one set of timings per path.
pub async fn read_until(
    http: &Client,
    base: &str,
    token: &str,
    paths: Vec<String>,
    readers: usize,
    stop: Arc<AtomicBool>,
) -> Vec<Timings> {
    let mut tasks = Vec::new();
    for r in 0..readers {
        let (http, base, token, paths, stop) = (
            http.clone(),
            base.to_string(),
            token.to_string(),
            paths.clone(),
            stop.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut t = vec![Timings::default(); paths.len()];
            let mut k = r;
            while !stop.load(Ordering::Relaxed) {
                let which = k % paths.len();
                let at = Instant::now();
                match http
                    .get(format!("{base}{}", paths[which]))
                    .bearer_auth(&token)
                    .send()
                    .await
                {
                    Ok(res) if res.status().is_success() => {
                        let _ = res.bytes().await;
                        t[which].times.push(at.elapsed());
                    }
                    _ => t[which].errors += 1,
                }
                k += 1;
            }
            t
        }));
    }
    let mut all: Vec<Timings> = Vec::new();
    for task in tasks {
        let t = task.await.expect("reader");
        if all.is_empty() {
            all = t;
        } else {
            for (a, b) in all.iter_mut().zip(t) {
                a.add(b);
            }
        }
    }
    all
}

/// Resident and peak memory of a process, in MiB, from /proc.
pub fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
