//! Milestone 06 end to end: every part in order, one report, one verdict.
//!
//! ```text
//! cargo run --release -p tinytorch-mlperf --bin mlperf -- [--dir CHECKPOINTS] [--json PATH]
//!     [--quiet] [--skip-sweep]
//! ```
//!
//! Trains or loads the networks, then runs the optimization olympics, the GPT's baseline
//! profile, the compression sweep (unless `--skip-sweep`), the generation speedup, the
//! generation optimizations and, last, the MLPerf run (module 19's scenarios on the
//! baseline and the optimized version of each network), whose results table closes the
//! report. The milestone is achieved only when every gate of every part holds; the
//! failing gates are named. Exit code 0: achieved; 1: a gate fails; 2: bad
//! input or a failed run. `cargo grade milestone 06` runs this binary.

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use tinytorch_mlperf::{
    CommonArgs, GenerationSetup, MLPERF_NETWORKS, MlperfError, Network, Part, RunSettings,
    editions_line, exit_code, measure_opts, measure_speedup, profile_gpt, run_mlperf, run_olympics,
    run_sweep, svg, write_text,
};

/// Run milestone 06 end to end.
#[derive(Parser, Debug)]
#[command(name = "mlperf", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// Skip the compression sweep (its GPT fine-tuning takes a few minutes).
    #[arg(long)]
    skip_sweep: bool,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<bool, MlperfError> {
    let started = Instant::now();
    let (dir, progress) = (args.common.checkpoints(), args.common.progress());
    let out = args.common.compressed_dir(None);
    println!("### 1. optimization olympics (digit MLP and SimpleCNN)\n");
    let olympics = run_olympics(
        &[Network::DigitMlp, Network::SimpleCnn],
        &dir,
        &out,
        30,
        progress,
    )?;
    print!("{}", olympics.to_text());
    println!("\n### 2. baseline profile of the GPT\n");
    let profile = profile_gpt(&dir, 20, 100, progress)?;
    print!("{}", profile.to_text());
    let sweep = match args.skip_sweep {
        true => None,
        false => {
            println!("\n### 3. compression sweep\n");
            let sweep = run_sweep(&Network::ALL, &dir, &out, progress)?;
            print!("{}", sweep.to_text());
            let plot = out.join("compression.svg");
            write_text(&plot, &svg(&sweep.panels()))?;
            println!("plot: {}", plot.display());
            Some(sweep)
        }
    };
    println!("\n### 4. generation speedup (KV cache)\n");
    let setup = GenerationSetup::load(&dir, progress)?;
    let speedup = measure_speedup(&setup, 100, 5)?;
    print!("{}", speedup.to_text());
    println!("\n### 5. generation optimizations (KV cache + batching + early stopping)\n");
    let opts = measure_opts(&setup, 100, 3)?;
    print!("{}", opts.to_text());
    println!("\n### 6. the MLPerf run (module 19's scenarios, baseline against optimized)\n");
    let mlperf = run_mlperf(&MLPERF_NETWORKS, &dir, &RunSettings::default(), progress)?;
    // The results table itself closes the report, after the summary.
    print!("{}", mlperf.details_text());
    let mut parts = vec![Part::of("optimization olympics", &olympics.scorecard)];
    if let Some(s) = &sweep {
        parts.push(Part::of("compression sweep", &s.scorecard));
    }
    parts.push(Part::of("generation speedup", &speedup.scorecard));
    parts.push(Part::of("generation optimizations", &opts.scorecard));
    parts.push(Part::of("MLPerf run", &mlperf.scorecard));
    let achieved = parts.iter().all(|p| p.passed);
    println!("\n### milestone 06 summary\n");
    for p in &parts {
        println!(
            "{:<26} {}",
            p.name,
            if p.passed { "passed" } else { "NOT PASSED" }
        );
        for f in &p.failing {
            println!("    failing gate: {f}");
        }
    }
    println!("\n### MLPerf results\n");
    print!("{}", mlperf.table_text());
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "\nmilestone 06: {} in {seconds:.0}s",
        if achieved { "ACHIEVED" } else { "NOT ACHIEVED" }
    );
    args.common.write_report(&serde_json::json!({
            "milestone": "06",
            "editions": editions_line(),
            "achieved": achieved,
            "seconds": seconds,
            "parts": parts,
            "olympics": olympics,
            "profile": profile,
            "sweep": sweep,
            "generation_speedup": speedup,
            "generation_opts": opts,
            "mlperf_run": mlperf,
    }))?;
    Ok(achieved)
}
