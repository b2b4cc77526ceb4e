//! Thin entry point: parse, run, print, exit status (0 success, 1 invalid input or no plan
//! possible, 2 failure of the tool itself).

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match retrofit::cli_dutch::parse() {
        Ok(cli) => cli,
        Err(exit) => {
            // Help and version go to stdout with status 0; usage errors are invalid input (1).
            if exit.to_stdout {
                print!("{}", exit.text);
            } else {
                eprint!("{}", exit.text);
            }
            return ExitCode::from(exit.code);
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
