//! A module's dependencies, derived from the workspace instead of typed into course.toml:
//! the course modules its `Cargo.toml` lists under `[dependencies]`, and the list its
//! `module_edition!` call names (which must agree: the edition probe reports exactly
//! those modules).

use crate::error::{Context, Result, bail};
use crate::manifest::{Course, Module};
use std::path::Path;

/// The numbers of the course modules `module` depends on, from its `Cargo.toml`
/// `[dependencies]` (dev-dependencies do not count: tests may use later tools), in
/// course order.
///
/// # Errors
/// A `Cargo.toml` that is missing or not TOML.
pub fn cargo_dependencies(
    workspace: &Path,
    course: &Course,
    module: &Module,
) -> Result<Vec<String>> {
    let path = module.dir(workspace).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).context(format!("cannot read {}", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).context(format!("{} is not TOML", path.display()))?;
    let Some(deps) = table.get("dependencies").and_then(|d| d.as_table()) else {
        return Ok(Vec::new());
    };
    Ok(course
        .modules
        .iter()
        .filter(|m| deps.contains_key(&m.crate_name))
        .map(|m| m.number.clone())
        .collect())
}

/// The numbers of the modules named in the module's `module_edition!("NN", [crate, ...])`
/// call in `src/lib.rs`, in course order; `None` when the file has no such call.
///
/// # Errors
/// A `src/lib.rs` that cannot be read, or a call naming a crate that is not a module.
pub fn edition_dependencies(
    workspace: &Path,
    course: &Course,
    module: &Module,
) -> Result<Option<Vec<String>>> {
    let path = module.dir(workspace).join("src/lib.rs");
    let text = std::fs::read_to_string(&path).context(format!("cannot read {}", path.display()))?;
    let Some(at) = text.find("module_edition!(") else {
        return Ok(None);
    };
    let call = &text[at..];
    let list = call
        .find('[')
        .zip(call.find(']'))
        .map(|(a, b)| &call[a + 1..b])
        .unwrap_or("");
    let mut numbers = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let crate_name = name.replace('_', "-");
        match course.modules.iter().find(|m| m.crate_name == crate_name) {
            Some(m) => numbers.push(m.number.clone()),
            None => bail!(
                "{}: module_edition! names {name}, which is not a module of course.toml",
                path.display()
            ),
        }
    }
    numbers.sort();
    Ok(Some(numbers))
}

/// What is wrong with a module's dependencies, one line each (empty when nothing is):
/// a dependency on a module that is not lower-numbered, or a `module_edition!` list that
/// disagrees with `Cargo.toml`. A dependency missing from the list is allowed only on the
/// first module, which every module needs for the `module_edition!` macro itself.
///
/// # Errors
/// As [`cargo_dependencies`] and [`edition_dependencies`].
pub fn dependency_problems(
    workspace: &Path,
    course: &Course,
    module: &Module,
) -> Result<Vec<String>> {
    let m = &module.number;
    let cargo = cargo_dependencies(workspace, course, module)?;
    let mut problems: Vec<String> = cargo
        .iter()
        .filter(|d| *d >= m)
        .map(|d| {
            format!(
                "module {m} depends on module {d}: a module may use only lower-numbered modules"
            )
        })
        .collect();
    let Some(listed) = edition_dependencies(workspace, course, module)? else {
        problems.push(format!(
            "module {m}: src/lib.rs has no module_edition! call, so its edition cannot be proven"
        ));
        return Ok(problems);
    };
    let macro_home = course.modules.first().map(|f| &f.number);
    let unlisted_ok = cargo
        .iter()
        .filter(|d| !listed.contains(d))
        .all(|d| Some(d) == macro_home);
    if !listed.iter().all(|l| cargo.contains(l)) || !unlisted_ok {
        problems.push(format!(
            "module {m}: module_edition! lists [{}] but Cargo.toml depends on [{}]: make them agree",
            listed.join(", "),
            cargo.join(", ")
        ));
    }
    Ok(problems)
}
