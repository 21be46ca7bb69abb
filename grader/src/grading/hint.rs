//! `cargo grade hint NN.k`: progressive hints from `course.toml`.

use crate::bail;
use crate::course::manifest::Course;
use crate::util::error::Result;

/// The text `cargo grade hint` prints: hint `level` (1-based; default 1) or all of them.
pub fn hint_text(
    course: &Course,
    task_id: &str,
    level: Option<usize>,
    all: bool,
) -> Result<String> {
    let (module, task) = course.find_task(task_id)?;
    let id = &task.id;
    let mut out = format!(
        "{id} {} ({} points) -- module {}\n\n",
        task.title,
        task.points,
        module.label()
    );
    let n = task.hints.len();
    if n == 0 {
        out.push_str(&format!(
            "No hints for this task yet: read {}/README.md and the tests named `{}*`.\n",
            module.path,
            task.test_prefix()
        ));
        return Ok(out);
    }
    if all {
        for (i, hint) in task.hints.iter().enumerate() {
            out.push_str(&format!("Hint {} of {n}: {hint}\n", i + 1));
        }
        return Ok(out);
    }
    let level = level.unwrap_or(1);
    if level == 0 || level > n {
        bail!(
            "task {id} has {n} hint{}: ask for 1 to {n}",
            if n == 1 { "" } else { "s" }
        );
    }
    out.push_str(&format!("Hint {level} of {n}: {}\n", task.hints[level - 1]));
    if level < n {
        let more = n - level;
        out.push_str(&format!(
            "\n{more} more: `cargo grade hint {id} {}` for the next one, `cargo grade hint {id} --all` for all.\n",
            level + 1
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        Course::parse(
            &tinytorch_course::fixture::CourseToml::new("T")
                .module("02", "activations", "built")
                .task("02.1", "ReLU", 10)
                .hints(&["first", "second", "third"])
                .task("02.2", "Sigmoid", 10)
                .text(),
        )
        .unwrap()
    }

    #[test]
    fn shows_one_hint_then_all() {
        let c = course();
        let one = hint_text(&c, "02.1", None, false).unwrap();
        assert!(one.contains("Hint 1 of 3: first") && !one.contains("second"));
        assert!(one.contains("2 more: `cargo grade hint 02.1 2`"));
        let last = hint_text(&c, "2.1", Some(3), false).unwrap();
        assert!(last.contains("Hint 3 of 3: third") && !last.contains("more"));
        let all = hint_text(&c, "02.1", None, true).unwrap();
        assert!(all.contains("Hint 1 of 3") && all.contains("Hint 3 of 3"));
        assert!(hint_text(&c, "02.1", Some(4), false).is_err());
        assert!(
            hint_text(&c, "02.2", None, false)
                .unwrap()
                .contains("No hints")
        );
        assert!(
            hint_text(&c, "02.9", None, false)
                .unwrap_err()
                .message()
                .contains("02.1, 02.2")
        );
    }
}
