import CAlign

extension DigitalMacro {
    /// Books the energy and busy time of one group's MACs (``DigitalEnergyModel``): A (batch × K, row
    /// stride `lda`, aligned input mantissas) against a stored block with `rowNonzeros[i]` nonzero
    /// mantissas in row i (K = `rowNonzeros.count`, N columns).
    ///
    /// The dynamic energy takes the share of nonzero products d = Σ_i nz_A(i) · nz_W(i) / (batch·K·N);
    /// the busy time is batch · N · 64 / ``DigitalEnergyModel/macsPerCycle(bits:)`` cycles of the clock (a
    /// short group still occupies the 64 rows), and leakage flows during it.
    @inline(never)
    func recordMACWork(a: UnsafePointer<Float>, lda: Int, batch: Int, n: Int, rowNonzeros: [Int32]) {
        let k = rowNonzeros.count
        guard k > 0, batch > 0 else { return }
        var inputNonzeros = [Int32](repeating: 0, count: k)
        inputNonzeros.withUnsafeMutableBufferPointer { cimpvt_align_count_nonzero(a, lda, batch, k, $0.baseAddress!) }
        var products = 0
        for i in 0..<k { products += Int(inputNonzeros[i]) * Int(rowNonzeros[i]) }
        let macs = batch * k * n
        let density = macs > 0 ? Double(products) / Double(macs) : 0
        let busy = Double(batch * n * Self.tile) / DigitalEnergyModel.macsPerCycle(bits: config.bits) * clockNS
        counters.macs += macs
        counters.busyNS += busy
        counters.energyFJ += Double(macs) * energy.dynamicFJPerMAC(format: config.format, mode: config.mode, bits: config.bits,
                                                                   vdd: vdd, density: density)
            + busy * leakageUW
    }
}
