//! `duban serve --config FILE` (or `DUBAN_CONFIG`): the settings in a TOML file.
//!
//! Each setting is one of `serve`'s options, named as its flag without the dashes
//! (`max_upload_mib = 20` for `--max-upload-mib`), so one list (the options' own
//! definitions) names every setting, its variable and its default, and the reference
//! in docs/OPERATIONS.md is generated from it (a test keeps it current). What counts,
//! strongest first: a flag, the environment (`DUBAN_*`), the file, the default. The
//! file's values are handed to the parser as flags for the options set neither way,
//! so they are checked exactly as flags are.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Command};

/// Options that are about the file itself, not settings in it.
const NOT_SETTINGS: &[&str] = &["config", "check_config", "help", "version"];

/// The command line with the file's settings added, and the settings taken from it.
/// A command line that does not parse is returned as it is, for clap to explain.
pub fn apply(cmd: &Command, argv: Vec<OsString>) -> anyhow::Result<(Vec<OsString>, Vec<String>)> {
    // Settings the file may give (the database URL) can be missing from this first look.
    let Ok(matches) = cmd.clone().ignore_errors(true).try_get_matches_from(&argv) else {
        return Ok((argv, Vec::new()));
    };
    let Some(("serve", m)) = matches.subcommand() else {
        return Ok((argv, Vec::new()));
    };
    let Some(path) = m.get_one::<PathBuf>("config").cloned() else {
        return Ok((argv, Vec::new()));
    };
    let serve = cmd
        .find_subcommand("serve")
        .context("the serve command is missing")?;
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "无法读取配置文件 / cannot read the configuration file {}",
            path.display()
        )
    })?;
    let table: toml::Table = text.parse().map_err(|e| {
        anyhow::anyhow!(
            "配置文件不是有效的 TOML / the configuration file is not valid TOML: {}: {e}",
            path.display()
        )
    })?;
    let mut argv = argv;
    let mut taken = Vec::new();
    for (key, value) in &table {
        let arg = settings(cmd, serve)
            .find(|a| a.get_id().as_str() == key && !NOT_SETTINGS.contains(&key.as_str()))
            .with_context(|| {
                format!(
                    "配置文件 {} 中有未知设置 {key:?} / unknown setting {key:?} in {} (see docs/OPERATIONS.md)",
                    path.display(),
                    path.display()
                )
            })?;
        if matches!(
            m.value_source(key),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        ) {
            continue;
        }
        let long = arg.get_long().context("a setting without a flag")?;
        let flag = matches!(arg.get_action(), ArgAction::SetTrue);
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) if flag => {
                if *b {
                    argv.push(format!("--{long}").into());
                    taken.push(key.clone());
                }
                continue;
            }
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(items) => {
                let mut parts = Vec::new();
                for i in items {
                    match i {
                        toml::Value::String(s) => parts.push(s.clone()),
                        _ => bail!("{key}: 列表只能含字符串 / a list may hold strings only"),
                    }
                }
                parts.join(",")
            }
            _ => bail!(
                "{key}: 须为字符串、整数、true/false 或字符串列表 / must be a string, an integer, true/false or a list of strings"
            ),
        };
        if flag {
            bail!("{key}: 须为 true 或 false / must be true or false");
        }
        argv.push(format!("--{long}={text}").into());
        taken.push(key.clone());
    }
    Ok((argv, taken))
}

/// `serve`'s options and the global ones (`--log-format`).
fn settings<'a>(cmd: &'a Command, serve: &'a Command) -> impl Iterator<Item = &'a clap::Arg> {
    serve
        .get_arguments()
        .chain(cmd.get_arguments().filter(|a| a.is_global_set()))
}

/// `serve`'s settings as they stand, each with where it came from; values of options
/// that hide them (secrets) are not shown.
pub fn effective(cmd: &Command, m: &ArgMatches, from_file: &[String]) -> String {
    let from_file: BTreeSet<&str> = from_file.iter().map(String::as_str).collect();
    let mut out = String::new();
    let Some(serve) = cmd.find_subcommand("serve") else {
        return out;
    };
    for arg in settings(cmd, serve) {
        let id = arg.get_id().as_str();
        if NOT_SETTINGS.contains(&id) {
            continue;
        }
        let source = match m.value_source(id) {
            _ if from_file.contains(id) => "配置文件 config file",
            Some(ValueSource::CommandLine) => "命令行 flag",
            Some(ValueSource::EnvVariable) => "环境变量 environment",
            Some(ValueSource::DefaultValue) => "默认 default",
            _ => "未设置 unset",
        };
        let value = match m.get_raw(id) {
            Some(_) if arg.is_hide_env_values_set() => "\"(hidden)\"".to_string(),
            Some(vals) => {
                let v: Vec<String> = vals.map(|v| v.to_string_lossy().into_owned()).collect();
                match arg.get_action() {
                    ArgAction::SetTrue => v.join(","),
                    _ => serde_json::Value::String(v.join(",")).to_string(),
                }
            }
            None => "\"\"".to_string(),
        };
        out.push_str(&format!("{id} = {value}  # {source}\n"));
    }
    out
}

/// The reference table of every setting, in Markdown, from the options' definitions
/// (docs/OPERATIONS.md holds it; a test compares).
#[cfg(test)]
pub fn reference(cmd: &Command) -> String {
    let mut out = String::from(
        "| setting (TOML) | flag | environment | default | meaning |\n| --- | --- | --- | --- | --- |\n",
    );
    let Some(serve) = cmd.find_subcommand("serve") else {
        return out;
    };
    for arg in settings(cmd, serve) {
        let id = arg.get_id().as_str();
        if matches!(id, "help" | "version") {
            continue;
        }
        let key = if NOT_SETTINGS.contains(&id) {
            "—".to_string()
        } else {
            format!("`{id}`")
        };
        let flag = arg.get_long().map_or(String::new(), |l| format!("`--{l}`"));
        let env = arg
            .get_env()
            .map_or(String::new(), |e| format!("`{}`", e.to_string_lossy()));
        let default: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|d| d.to_string_lossy().into_owned())
            .collect();
        let default = match (default.join(","), arg.get_action()) {
            (_, ArgAction::SetTrue) => "`false`".to_string(),
            (d, _) if d.is_empty() => String::new(),
            (d, _) => format!("`{d}`"),
        };
        let help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let help = help
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('|', "\\|");
        out.push_str(&format!(
            "| {key} | {flag} | {env} | {default} | {help} |\n"
        ));
    }
    out
}
