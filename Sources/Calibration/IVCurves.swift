/// Measured drain currents of the calibration devices: |I_D| in A over the (|V_GS|, |V_DS|) grid of
/// ``CharacterisationDeck`` at each of its temperatures.
public struct IVCurves: Sendable {
    public let devices: [CalibrationDevice]
    /// current[t][d][g][v]: temperature index, device index, V_GS index (0…), V_DS index (V_DS = (v+1)·step).
    public let current: [[[[Double]]]]

    public init(devices: [CalibrationDevice], current: [[[[Double]]]]) {
        self.devices = devices; self.current = current
    }

    public static func gateVolts(_ g: Int) -> Double { Double(g) * CharacterisationDeck.stepVolts }
    public static func drainVolts(_ v: Int) -> Double { Double(v + 1) * CharacterisationDeck.stepVolts }
    /// Grid index of a voltage on the V_GS grid.
    public static func gateIndex(_ volts: Double) -> Int { Int((volts / CharacterisationDeck.stepVolts).rounded()) }
    public static func drainIndex(_ volts: Double) -> Int { gateIndex(volts) - 1 }

    /// Parses the `wrdata` files (one per temperature; a header line, then V_GS and one column per
    /// device, V_GS fastest, V_DS blocks in order).
    public static func parse(files: [String], devices: [CalibrationDevice]) throws -> IVCurves {
        let ng = CharacterisationDeck.gatePoints, nd = CharacterisationDeck.drainPoints
        var all: [[[[Double]]]] = []
        for (t, text) in files.enumerated() {
            var grid = Array(repeating: Array(repeating: Array(repeating: 0.0, count: nd), count: ng), count: devices.count)
            var row = 0
            for line in text.split(whereSeparator: \.isNewline) {
                let cols = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let vgs = cols.first.flatMap({ Double($0) }) else { continue }  // header
                guard cols.count == devices.count + 1, row < ng * nd else {
                    throw CalibrationError("ngspice's I-V table at \(CharacterisationDeck.temperaturesC[t]) °C has an unexpected shape (row \(row + 1): \(cols.count) columns)")
                }
                let g = row % ng, v = row / ng
                guard abs(vgs - gateVolts(g)) < 1e-6 else {
                    throw CalibrationError("ngspice's I-V table at \(CharacterisationDeck.temperaturesC[t]) °C: row \(row + 1) is at V_GS \(vgs) V, expected \(gateVolts(g)) V")
                }
                for d in devices.indices {
                    guard let i = Double(cols[d + 1]), i.isFinite else {
                        throw CalibrationError("ngspice's I-V table at \(CharacterisationDeck.temperaturesC[t]) °C: '\(cols[d + 1])' is not a current")
                    }
                    grid[d][g][v] = abs(i)
                }
                row += 1
            }
            guard row == ng * nd else {
                throw CalibrationError("ngspice's I-V table at \(CharacterisationDeck.temperaturesC[t]) °C has \(row) rows, expected \(ng * nd)")
            }
            all.append(grid)
        }
        return IVCurves(devices: devices, current: all)
    }
}
