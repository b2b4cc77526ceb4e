//! The command line in Dutch: clap's help layout, usage lines and error messages translated,
//! `-h/--hulp` and `-V/--versie` with their English names as aliases, and value parsers whose
//! errors are Dutch. [`parse`] is what `main` calls; exit status 0 for help and version, 1 for a
//! usage error of the user (SPEC: 1 invalid input).
//!
//! clap writes English words in a few fixed places (`Usage:`, `Options:`, `[default: ..]`,
//! `[aliases: ..]`, `[possible values: ..]`); the commands therefore get a Dutch help template
//! and usage line here, and the arguments show defaults and English aliases in their own help
//! text (`hide_default_value`, hidden aliases).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;

/// Help layout: about, usage, then the argument groups under Dutch headings.
const HELP_TEMPLATE: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";
/// The heading of options; positional arguments get [`ARGUMENTS_HEADING`].
pub const OPTIONS_HEADING: &str = "Opties";
pub const ARGUMENTS_HEADING: &str = "Argumenten";

/// What `main` does when the command line is not a command to run: print `text` (to standard
/// output for help and version, else to standard error) and exit with `code`.
#[derive(Debug, PartialEq, Eq)]
pub struct Exit {
    pub text: String,
    pub code: u8,
    pub to_stdout: bool,
}

/// The command as clap builds it from [`Cli`], made Dutch.
pub fn command() -> Command {
    dutch(Cli::command(), "retrofit")
}

/// Parses the process arguments.
pub fn parse() -> Result<Cli, Exit> {
    parse_from(std::env::args_os())
}

/// Parses `args` (the first is the program name).
pub fn parse_from<I, T>(args: I) -> Result<Cli, Exit>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut cmd = command();
    // `retrofit help [OPDRACHT]` (or `hulp`) shows the help of the command named.
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if matches!(words.first().map(String::as_str), Some("help" | "hulp")) {
        // Built first, so that subcommands inherit what the top propagates (the version).
        cmd.build();
        let text = match words.get(1) {
            None => cmd.render_help().to_string(),
            Some(name) => match cmd.find_subcommand_mut(name) {
                Some(sub) => sub.render_help().to_string(),
                None => {
                    return Err(usage_error(
                        &command(),
                        &[],
                        format!("onbekende opdracht '{name}'"),
                    ))
                }
            },
        };
        return Err(Exit {
            text,
            code: 0,
            to_stdout: true,
        });
    }
    let matches = cmd
        .try_get_matches_from_mut(args)
        .map_err(|e| translate(&e, &words))?;
    Cli::from_arg_matches(&matches).map_err(|e| translate(&e, &words))
}

/// Sets the Dutch template, headings, usage line and help/version flags on `cmd` and its
/// subcommands. `path` is the command as typed (`retrofit plan`).
fn dutch(cmd: Command, path: &str) -> Command {
    let mut cmd = cmd
        .propagate_version(true)
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("hulp")
                .short('h')
                .long("hulp")
                .alias("help")
                .action(ArgAction::Help)
                .help("Toon deze hulp (ook --help)")
                .help_heading(OPTIONS_HEADING),
        );
    // Every command answers -V/--versie, as users type it after any command.
    cmd = cmd.disable_version_flag(true).arg(
        Arg::new("versie")
            .short('V')
            .long("versie")
            .alias("version")
            .action(ArgAction::Version)
            .help("Toon het versienummer (ook --version)")
            .help_heading(OPTIONS_HEADING),
    );
    // Positional arguments under their own Dutch heading.
    cmd = cmd.mut_args(|a| {
        // `--tijdslimiet -1` is a value (checked later), not an unknown option `-1`.
        let a = if !a.is_positional() && a.get_action().takes_values() {
            a.allow_negative_numbers(true)
        } else {
            a
        };
        if a.is_positional() {
            a.help_heading(ARGUMENTS_HEADING)
        } else if a.get_help_heading().is_none() {
            a.help_heading(OPTIONS_HEADING)
        } else {
            a
        }
    });
    let usage = usage_line(&cmd, path);
    cmd = cmd.override_usage(usage);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |s| dutch(s, &sub_path));
    }
    cmd
}

/// `retrofit plan [BEZIT] [OPTIES]`: the command, its positionals, its required options, and
/// `[OPTIES]` when it has optional ones.
fn usage_line(cmd: &Command, path: &str) -> String {
    let mut parts = vec![path.to_string()];
    if cmd.has_subcommands() {
        parts.push("<OPDRACHT>".into());
    }
    for a in cmd.get_positionals() {
        let name = value_name(a);
        parts.push(if a.is_required_set() {
            format!("<{name}>")
        } else {
            format!("[{name}]")
        });
    }
    for a in cmd.get_opts().filter(|a| a.is_required_set()) {
        if let Some(long) = a.get_long() {
            parts.push(format!("--{long} <{}>", value_name(a)));
        }
    }
    if cmd
        .get_arguments()
        .any(|a| !a.is_positional() && !a.is_required_set() && !a.is_hide_set())
    {
        parts.push("[OPTIES]".into());
    }
    parts.join(" ")
}

fn value_name(a: &Arg) -> String {
    a.get_value_names()
        .and_then(|v| v.first())
        .map(|s| s.to_string())
        .unwrap_or_else(|| a.get_id().as_str().to_uppercase())
}

/// The subcommand the user typed (the first word that names one), for its usage line.
fn typed_subcommand<'a>(cmd: &'a Command, words: &[String]) -> Option<&'a Command> {
    words
        .iter()
        .take_while(|w| *w != "--")
        .find_map(|w| cmd.find_subcommand(w))
}

fn usage_error(cmd: &Command, words: &[String], message: String) -> Exit {
    let sub = typed_subcommand(cmd, words);
    let (usage, path) = match sub {
        Some(s) => (
            s.get_overridden_usage()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            format!("retrofit {}", s.get_name()),
        ),
        None => (
            cmd.get_overridden_usage()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            "retrofit".to_string(),
        ),
    };
    Exit {
        text: format!(
            "retrofit: fout: {message}\n\nGebruik: {usage}\nMeer uitleg: {path} --hulp\n"
        ),
        code: 1,
        to_stdout: false,
    }
}

/// For an option the typed command lacks: that command's name and the commands that have it
/// (by its name or an alias), as `plan, vergelijk en bench`.
fn elsewhere(cmd: &clap::Command, words: &[String], arg: &str) -> Option<(String, String)> {
    let here = typed_subcommand(cmd, words)?;
    let option = arg.split('=').next()?;
    let long = option.strip_prefix("--");
    let short = option
        .strip_prefix('-')
        .filter(|s| long.is_none() && s.chars().count() == 1)
        .and_then(|s| s.chars().next());
    let has = |c: &clap::Command| {
        c.get_arguments().any(|a| match (long, short) {
            (Some(name), _) => {
                a.get_long() == Some(name)
                    || a.get_all_aliases()
                        .is_some_and(|aliases| aliases.contains(&name))
            }
            (None, Some(letter)) => a.get_short() == Some(letter),
            _ => false,
        })
    };
    let others: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| c.get_name() != here.get_name() && has(c))
        .map(|c| c.get_name())
        .collect();
    (!others.is_empty()).then(|| {
        (
            here.get_name().to_string(),
            crate::nl_format::and_list(&others),
        )
    })
}

fn context_string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A clap error as a Dutch message with the usage line; help and version pass through.
pub fn translate(e: &clap::Error, words: &[String]) -> Exit {
    let cmd = command();
    let arg = context_string(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context_string(e, ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => format!("\n  bedoelt u '{s}'?"),
        Some(ContextValue::Strings(v)) if !v.is_empty() => format!(
            "\n  bedoelt u {}?",
            v.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(" of ")
        ),
        _ => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::DisplayVersion => {
            // `retrofit 0.1.0` after any command, not clap's `retrofit-plan 0.1.0`.
            return Exit {
                text: format!("retrofit {}\n", env!("CARGO_PKG_VERSION")),
                code: 0,
                to_stdout: true,
            };
        }
        ErrorKind::DisplayHelp => {
            return Exit {
                text: e.render().to_string(),
                code: 0,
                to_stdout: true,
            }
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let sub = typed_subcommand(&cmd, words);
            let mut help_cmd = sub.cloned().unwrap_or_else(|| cmd.clone());
            return Exit {
                text: format!("retrofit: geef een opdracht\n\n{}", help_cmd.render_help()),
                code: 1,
                to_stdout: false,
            };
        }
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            format!("onverwacht argument '{arg}' (een bestandsnaam met spaties hoort tussen aanhalingstekens)")
        }
        ErrorKind::UnknownArgument => match elsewhere(&cmd, words, &arg) {
            // An option of another command (`check --scenario`): say where it belongs, not
            // clap's nearest spelling here (`--version`).
            Some((here, there)) => {
                format!("optie '{arg}' hoort niet bij retrofit {here}, wel bij retrofit {there}")
            }
            None => format!(
                "onbekende optie '{arg}'{}",
                suggestion(ContextKind::SuggestedArg)
            ),
        },
        ErrorKind::InvalidSubcommand => {
            let name = context_string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!(
                "onbekende opdracht '{name}' (opdrachten: {}){}",
                cmd.get_subcommands()
                    .map(|s| s.get_name().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                suggestion(ContextKind::SuggestedSubcommand)
            )
        }
        ErrorKind::InvalidValue => {
            let valid = context_string(e, ContextKind::ValidValue)
                .filter(|v| !v.is_empty())
                .map(|v| format!("; kies uit: {v}"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("{arg} vraagt een waarde{valid}")
            } else {
                format!(
                    "ongeldige waarde '{value}' voor {arg}{valid}{}",
                    suggestion(ContextKind::SuggestedValue)
                )
            }
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            format!("ongeldige waarde '{value}' voor {arg}{reason}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("ontbreekt: {arg}")
        }
        ErrorKind::ArgumentConflict => {
            let other = context_string(e, ContextKind::PriorArg).unwrap_or_default();
            if other == arg || other.is_empty() {
                format!("{arg} staat er meer dan één keer")
            } else {
                format!("{arg} gaat niet samen met {other}")
            }
        }
        ErrorKind::NoEquals => format!("{arg} vraagt een waarde met '=', bijvoorbeeld {arg}=..."),
        ErrorKind::TooManyValues => format!("te veel waarden voor {arg}: '{value}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("verkeerd aantal waarden voor {arg}")
        }
        ErrorKind::InvalidUtf8 => "een argument is geen geldige tekst (UTF-8)".into(),
        _ => "de opdrachtregel klopt niet".into(),
    };
    // A value that looks like an option (`--tijdslimiet -1`) needs `=`.
    let tip = if e.kind() == ErrorKind::UnknownArgument
        && context_string(e, ContextKind::TrailingArg).is_some()
    {
        format!("\n  is '{arg}' een waarde? Schrijf dan bijvoorbeeld --optie={arg}")
    } else {
        String::new()
    };
    usage_error(&cmd, words, format!("{message}{tip}"))
}

/// A number with a decimal point or comma (`2.5`, `2,5`), for option values.
pub fn number(text: &str) -> Result<f64, String> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .map_err(|_| "geen getal (bijvoorbeeld 60 of 2,5)".to_string())
}

/// A whole number of 0 or more (`8000`; `8.000` is refused, it could mean eight).
pub fn whole(text: &str) -> Result<usize, String> {
    text.trim().parse::<usize>().map_err(|_| {
        "geen geheel getal van 0 of meer (bijvoorbeeld 8000, zonder punten)".to_string()
    })
}

/// A calendar year (`2025`).
pub fn year(text: &str) -> Result<i32, String> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| "geen jaartal (bijvoorbeeld 2025)".to_string())
}

/// A month (`2025-04`).
pub fn month(text: &str) -> Result<crate::scenario::Month, String> {
    crate::scenario::Month::parse(text)
        .ok_or_else(|| "geen maand (schrijf JJJJ-MM, bijvoorbeeld 2025-07)".to_string())
}

/// A whole number of 0 or more for a seed.
pub fn seed(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| "geen geheel getal van 0 of meer".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_passes_clap_checks() {
        command().debug_assert();
        // `retrofit help COMMAND` renders each subcommand's help on its own.
        for name in [
            "plan",
            "check",
            "template",
            "scenario",
            "generate",
            "bench",
            "vergelijk",
        ] {
            match parse_from(["retrofit", "help", name]) {
                Err(exit) => {
                    assert_eq!(exit.code, 0);
                    assert!(
                        exit.text.contains(&format!("Gebruik: retrofit {name}")),
                        "{}",
                        exit.text
                    );
                }
                Ok(cli) => panic!("{cli:?}"),
            }
        }
    }

    #[test]
    fn old_and_english_option_names_still_work() {
        let cli = parse_from([
            "retrofit",
            "plan",
            "--time-limit",
            "7",
            "--output",
            "p.xlsx",
            "--quiet",
            "--progress-every",
            "2,5",
            "--write-lp",
            "m.lp",
        ])
        .expect("aliases");
        match cli.command {
            crate::cli::Command::Plan(p) => {
                assert_eq!(p.time_limit, Some(7.0));
                assert_eq!(p.output.as_deref(), Some(std::path::Path::new("p.xlsx")));
                assert!(p.quiet);
                assert_eq!(p.progress_every, 2.5);
                assert!(p.write_lp.is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_negative_number_is_a_value_not_an_option() {
        // Read as the option's value, so that its range check answers (not "unknown option -1").
        let err = parse_from(["retrofit", "plan", "--tijdslimiet", "-1"])
            .expect_err("out of range")
            .text;
        assert!(err.contains("groter dan 0"), "{err}");
        assert!(!err.contains("onbekende optie"), "{err}");
    }
}
