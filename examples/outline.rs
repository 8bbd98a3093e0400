//! Prints what the parser makes of a report: `cargo run --example outline -- FILE`.
use report_reader::report::{decode, parse, BlockKind};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: outline FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    match decode(&bytes).and_then(|t| parse(&t)) {
        Err(e) => println!("error [{}]: {e}", e.code()),
        Ok(doc) => {
            println!("title: {:?}", doc.title);
            for f in &doc.front {
                println!("front {:?}: {}", f.kind, f.text);
            }
            for b in &doc.blocks {
                let text: String = b.text.chars().take(30).collect();
                match b.kind {
                    BlockKind::Heading(s) => {
                        let s = &doc.sections[s];
                        println!(
                            "{}H{} [{}] {:?} {:?} (end {})",
                            "  ".repeat(s.depth - 1),
                            s.depth,
                            s.id,
                            s.kind,
                            text,
                            s.end
                        );
                    }
                    k => println!("    {k:?}: {text}"),
                }
            }
            for r in &doc.removed {
                println!(
                    "removed L{} ({}): {}",
                    r.line,
                    r.reason,
                    r.text.chars().take(40).collect::<String>()
                );
            }
        }
    }
}
