import ArgumentParser
import Sweep
import Variation

/// `--technology FILE`: the technology card of a device-level command (`device`, `sample`, `mac`,
/// `mac-stats`, `train`, `bitcell`, `shmoo`, `energy`, and `calibrate`'s base card).
struct TechnologyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Technology file: a TOML [technology] table, as `cimpvt calibrate` writes (keys as in a sweep file's [technology]); default: the built-in 28 nm-class card.", valueName: "file"))
    var technology: String?

    /// The card: the file's, or the built-in one.
    func card() throws -> TechnologyCard {
        guard let technology else { return TechnologyCard() }
        do { return try TechnologyFile.load(path: technology) } catch let e as SpecError {
            throw ValidationError("--technology: \(e.description)")
        }
    }
}
