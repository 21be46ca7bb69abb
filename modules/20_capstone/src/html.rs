//! The leaderboard as one self-contained HTML page (shared code): inline CSS, no scripts,
//! no external files, every name and reason escaped (a submission's text is untrusted).

use crate::{Entry, EventTable, Leaderboard, Placing, Status};
use std::fmt::Write;

/// `text` with `& < > " '` escaped for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}\
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{padding:0.3em 0.8em;border-bottom:1px solid #ddd;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums}.valid{color:#176f2c}.rejected{color:#a4161a}\
.invalid{color:#7a5c00}.note{color:#555;font-size:0.9em}caption{text-align:left;font-weight:bold;font-size:1.1em}";

impl Leaderboard {
    /// The leaderboard as a self-contained HTML page.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let r = &self.rules;
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>TinyTorch capstone leaderboard</title><style>{STYLE}</style></head><body>\n\
             <h1>TinyTorch capstone leaderboard</h1>\n<p>{} entries, every one re-measured on \
             {} {} ({} cpus). Accuracy floor {:.2}%, p90 latency budget {} ms, size budget {} \
             bytes. Reported numbers must reproduce: accuracy within {}, latency within {}x, \
             size exactly.</p>\n",
            self.entries.len(),
            escape_html(&self.machine.os),
            escape_html(&self.machine.arch),
            self.machine.cpus,
            100.0 * r.accuracy_floor,
            r.latency_budget_ms,
            r.size_budget_bytes,
            self.tolerance.accuracy,
            self.tolerance.latency_factor
        );
        for table in &self.events {
            event_table(&mut out, table);
        }
        entries_table(&mut out, &self.entries);
        out.push_str("</body></html>\n");
        out
    }
}

/// One event's standings.
fn event_table(out: &mut String, table: &EventTable) {
    let event = table.event;
    let _ = write!(
        out,
        "<table><caption>{} (by {})</caption>\n<tr><th>rank</th><th>entry</th>\
         <th>score</th><th>note</th></tr>\n",
        event.title(),
        escape_html(event.metric())
    );
    for s in &table.standings {
        let (place, class) = match s.placing {
            Placing::Ranked(rank) => (rank.to_string(), "valid"),
            Placing::NotQualified => ("-".to_string(), "note"),
            Placing::Rejected => ("rejected".to_string(), "rejected"),
            Placing::Invalid => ("invalid".to_string(), "invalid"),
        };
        let score = s.score.map_or(String::new(), |v| event.format_score(v));
        // The reasons of rejected and invalid entries are listed once, in the entries table.
        let note = match s.placing {
            Placing::Rejected | Placing::Invalid => "see the entries below",
            _ => s.note.as_str(),
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"{class}\">{place}</td><td>{}</td><td class=\"num\">{score}</td>\
             <td class=\"note\">{}</td></tr>",
            escape_html(&s.name),
            escape_html(note)
        );
    }
    out.push_str("</table>\n");
}

/// Every entry with its re-measured and reported numbers.
fn entries_table(out: &mut String, entries: &[Entry]) {
    out.push_str(
        "<table><caption>Entries (re-measured / reported)</caption>\n<tr><th>entry</th>\
         <th>status</th><th>accuracy</th><th>p90 us</th><th>bytes</th><th>reasons</th></tr>\n",
    );
    for entry in entries {
        let word = entry.status_word();
        let (numbers, reasons) = match &entry.status {
            Status::Valid { measured, reported } => ((measured, reported).into(), Vec::new()),
            Status::Rejected {
                measured,
                reported,
                reasons,
            } => ((measured, reported).into(), reasons.clone()),
            Status::Invalid { reason } => (None, vec![reason.clone()]),
        };
        let cells = numbers.map_or_else(
            || "<td></td><td></td><td></td>".to_string(),
            |(m, r): (&crate::Measured, &crate::Measured)| {
                format!(
                    "<td class=\"num\">{:.4} / {:.4}</td><td class=\"num\">{:.2} / {:.2}</td>\
                     <td class=\"num\">{} / {}</td>",
                    m.accuracy,
                    r.accuracy,
                    1e3 * m.latency_p90_ms,
                    1e3 * r.latency_p90_ms,
                    m.size_bytes,
                    r.size_bytes
                )
            },
        );
        let reasons: Vec<String> = reasons.iter().map(|r| escape_html(r)).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"{word}\">{word}</td>{cells}<td class=\"note\">{}</td></tr>",
            escape_html(&entry.name),
            reasons.join("<br>")
        );
    }
    out.push_str("</table>\n");
}
