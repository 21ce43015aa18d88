import Variation

/// The `[technology]` table of a sweep file: overrides of ``TechnologyCard`` defaults.
///
/// Every key, its unit and its allowed range are listed in ``TechnologyCardKey`` and ``geometryKeys``;
/// `docs/sweep-files.md` documents them.
enum TechnologyOverrides {
    static var numericKeys: [TechnologyCardKey] { TechnologyCardKey.numeric }

    static var geometryKeys: [(key: String, path: WritableKeyPath<TechnologyCard, DeviceGeometry>)] {
        [
        ("cell_pd", \.cellPullDown), ("cell_pg", \.cellPassGate), ("cell_pu", \.cellPullUp),
        ("logic", \.logicDevice), ("comparator", \.comparatorDevice),
        ]
    }

    static var allKeys: [String] { numericKeys.map(\.key) + geometryKeys.map(\.key) }

    /// Applies the table to `base` (by default the built-in card).
    static func read(_ reader: inout TableReader, base: TechnologyCard = TechnologyCard()) throws -> TechnologyCard {
        var card = base
        for k in numericKeys where reader.has(k.key) {
            let x = try reader.double(k.key, range: k.range, lowOpen: k.lowOpen, unit: k.unit)
            k.set(&card, x)
        }
        for g in geometryKeys where reader.has(g.key) {
            let s = try reader.string(g.key)
            guard let geo = DeviceGeometry(parsing: s), geo.widthNM <= 100_000, geo.lengthNM <= 100_000 else {
                throw reader.error(g.key, "'\(s)' is not a device size; expected \"W/L\" in nm, both in (0, 100000], e.g. \"70/30\"")
            }
            card[keyPath: g.path] = geo
        }
        try reader.finish(allowed: allKeys)
        return card
    }
}
