//! Thin entry point: parse, run, print, exit status (0 success, 1 invalid input or no plan
//! possible, 2 failure of the tool itself).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match retrofit::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors are invalid input.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    match retrofit::cli::run(cli) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("retrofit: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
