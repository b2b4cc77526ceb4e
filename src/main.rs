//! Thin entry point: parse, run, print, exit status (0 success, 1 invalid input or no plan
//! possible, 2 failure of the tool itself).

use std::io::Write;
use std::process::ExitCode;

/// Writes `text` to standard output or error. A reader that closed the pipe early
/// (`retrofit bench | head -1`) has what it wanted: that is no failure, and never a panic.
fn emit(text: &str, to_stdout: bool) {
    let _ = if to_stdout {
        std::io::stdout().write_all(text.as_bytes())
    } else {
        std::io::stderr().write_all(text.as_bytes())
    };
}

fn main() -> ExitCode {
    let cli = match retrofit::cli_dutch::parse() {
        Ok(cli) => cli,
        Err(exit) => {
            // Help and version go to stdout with status 0; usage errors are invalid input (1).
            emit(&exit.text, exit.to_stdout);
            return ExitCode::from(exit.code);
        }
    };
    match retrofit::cli::run(cli) {
        Ok(text) => {
            emit(&text, true);
            ExitCode::SUCCESS
        }
        // The output's reader went away (`| head`): what it read was right.
        Err(retrofit::cli::CliError::OutputClosed) => ExitCode::SUCCESS,
        Err(e) => {
            emit(&format!("retrofit: {e}\n"), false);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
