import Variation

/// One device the calibration characterises: a technology-card geometry and its type.
///
/// The engine's currents come from five devices: the 6T cell's pull-down, pass gate and pull-up, and
/// the logic device used for both n- and p-stages of the timing paths (MODELS §3–§6).
public struct CalibrationDevice: Sendable, Hashable, Codable {
    /// Short name used in the report ("cell_pd", …, "logic_n", "logic_p").
    public let name: String
    public let type: DeviceType
    public let geometry: DeviceGeometry

    public init(name: String, type: DeviceType, geometry: DeviceGeometry) {
        self.name = name; self.type = type; self.geometry = geometry
    }

    /// The card's five devices, in report order.
    public static func devices(of card: TechnologyCard) -> [CalibrationDevice] {
        [
            .init(name: "cell_pd", type: .n, geometry: card.cellPullDown),
            .init(name: "cell_pg", type: .n, geometry: card.cellPassGate),
            .init(name: "cell_pu", type: .p, geometry: card.cellPullUp),
            .init(name: "logic_n", type: .n, geometry: card.logicDevice),
            .init(name: "logic_p", type: .p, geometry: card.logicDevice),
        ]
    }
}
