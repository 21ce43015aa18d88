#!/usr/bin/env bash
# Mutation check (opt-in; not in CI: it rebuilds once per mutation, ≈ 1–3 min each).
#
# Applies each one-line mutation below, one at a time, to a scratch copy of the repository, rebuilds the
# tests, runs the suites that guard that effect, and prints killed (a test failed) or survived. Every
# mutation must be killed. The list names one physical effect or statistic per line; docs/testing.md
# holds the last result.
#
#   bash scripts/mutation-check.sh            # all mutations
#   bash scripts/mutation-check.sh 3 7        # only mutations 3 and 7
#
# The scratch copy lives in ${MUTATION_DIR:-/tmp/cimpvt-mutation} and keeps its .build between runs.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${MUTATION_DIR:-/tmp/cimpvt-mutation}"
mkdir -p "$scratch"
# the repository's files as they stand (tracked and new, not ignored); the scratch .build is kept
rm -rf "$scratch/Sources" "$scratch/Tests" "$scratch/Benchmarks"
git -C "$repo" ls-files --cached --others --exclude-standard -z | (cd "$repo" && xargs -0 tar -cf - --) | tar -C "$scratch" -xf -
cd "$scratch"
source scripts/blas-env.sh

# id | file | exact text | replacement | test filter | effect
mutations=$(cat <<'LIST'
1|Sources/Macros/AnalogReadPath.swift|reference = (r0..<r1).reduce(0) { $0 + current[$1 * cols + col] } / Double(r1 - r0)|reference = (r0..<r1).reduce(0) { $0 + cellCurrent(Int(map[$1 * cols + col]), trimPoint) } / Double(r1 - r0)|AnalogMacroTests|tracking reference taken at 27 °C (behaves like die calibration)
2|Sources/Training/Trainer.swift|layer.update(eta: config.learningRate, mu: config.momentum)|layer.update(eta: config.learningRate, mu: config.momentum * 0)|TrainingTests|BackpropagationTests|SGD momentum forced to 0
3|Sources/Macros/DMBPArithmetic.swift|Float(7 * a0 + 6 * a1 + 4 * a2) * 0.5|Float(6 * a0 + 6 * a1 + 4 * a2) * 0.5|DMBPTests|DMBP bias compensation coefficient 7·a0 → 6·a0
4|Sources/Variation/DieSampler.swift|let f = card.dieResidualFraction|let f = card.dieResidualFraction * 0.5|DieResidualTests|die-to-die residual σ halved
5|Sources/Variation/Die.swift|(type == .n ? residualVthN : residualVthP)|(type == .n ? residualVthP : residualVthN)|DieResidualTests|n and p Vth residuals swapped
6|Sources/Analysis/BinomialInterval.swift|let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)|let centre = (p + z2 / nn) / (1 + z2 / nn)|IntervalTests|SummaryFilesTests|Wilson interval centre
7|Sources/Analysis/PairedDifference.swift|t.degradationPP - $0|$0 - t.degradationPP|SummaryFilesTests|ReportTests|sign of the paired analog − digital difference
8|Sources/Sweep/Shard.swift|public func contains(_ id: Int) -> Bool { id % count == index }|public func contains(_ id: Int) -> Bool { (id + 1) % count == index }|SweepTests|SlurmJob|Shard|round-robin shard modulo
9|Sources/Macros/AnalogReadPath.swift|case .trimmed: offsets[i] = Float(trim)|case .trimmed: offsets[i] = Float(abs(trim))|AnalogMacroTests|sign of the trimmed comparator offsets
10|Sources/Macros/SignoffClock.swift|-expm1(log(macroYield) / Double(TimingPaths.pathCount(mode: mode)))|-expm1(log(macroYield))|SignoffClockTests|signoff clock quantile (per-path Šidák over 14 paths)
11|Sources/Macros/BitlineHeadroom.swift|linearLimitVolts = op.vdd - saturationVolts|linearLimitVolts = saturationVolts|AnalogMacroTests|bitline headroom knee at Vth
12|Sources/Macros/BitlineReadNoise.swift|comparatorVolts = Self.comparatorVoltsAt300K * (kelvin / 300).squareRoot()|comparatorVolts = Self.comparatorVoltsAt300K|AnalogMacroTests|comparator noise's temperature dependence
13|Sources/Macros/AnalogMacroConfig.swift|fullScaleCells / Double(1 << adcBits)|fullScaleCells / Double((1 << adcBits) - 1)|AnalogMacroTests|ADC LSB = range / 2^bits
14|Sources/Macros/AnalogReadPath.swift|for b in 0..<batch where rowPlanes[b] >> UInt32(t) & 1 == 0 {|for b in 0..<batch where false && rowPlanes[b] >> UInt32(t) & 1 == 0 {|AnalogMacroTests|zero-plane skipping
15|Sources/Macros/AnalogMacro.swift|return ([(positive, bx - 1, 1), (negativePart, bx - 1, -1)], scales)|return ([(positive, bx - 1, 1), (negativePart, bx - 1, 1)], scales)|AnalogMacroTests|sign of a signed input's negative pass
16|Sources/Macros/AnalogMacroConfig.swift|case .twosComplement: return k == bits - 1 ? -(1 << k) : 1 << k|case .twosComplement: return 1 << k|AnalogMacroTests|two's-complement MSB column weighted negatively
17|Sources/Macros/MantissaPlanes.swift|let m = Int(values[i]), justified = 2 * abs(m)|let m = Int(values[i]), justified = abs(m)|DMBPSignMagnitudeTests|weight magnitudes MSB-justified in the multipliers (bulk path)
18|Sources/Macros/MantissaPlanes.swift|u[t][j] = Float((16 * sums[t] + nonzero) / (2 * nonzero)) / 8|u[t][j] = Float((16 * sums[t] + nonzero) / (2 * nonzero)) / 4|DMBPSignMagnitudeTests|bias unit's dropped-product coefficients in eighths
19|Sources/Macros/TimingPaths.swift|return s >= 2 && !(baseDepth..<(baseDepth + 3)).contains(s)|return s >= 2|SignoffClockTests|approximate mode's removed carry stages
20|Sources/CDMBP/loa_pairs.c|for (size_t j = 0; j < n; j++) expect[j] += (uint16_t)(t0[j] * t1[j]);|for (size_t j = 0; j < n; j++) expect[j] += (uint16_t)(t0[j] + t1[j]);|DMBPSignMagnitudeTests|bias unit's LOA expectation P·P
21|Sources/Macros/DigitalEnergyModel.swift|let logic = (Self.multiplierTransistors(mode) * density + |let logic = (Self.multiplierTransistors(mode) + |EnergyModelTests|digital energy: zero operands stop the multipliers
22|Sources/Macros/DigitalEnergyModel.swift|let scale = (vdd / card.vddNominal) * (vdd / card.vddNominal)|let scale = vdd / card.vddNominal|EnergyModelTests|EnergyCommandTests|digital switching energy ∝ VDD²
23|Sources/Macros/AnalogReadPath.swift|done.swingLSB += activity.swingLSB|done.swingLSB += 0 * activity.swingLSB|EnergyModelTests|analog bitline energy from the actual swing
24|Sources/Macros/MacroLeakage.swift|return physics.current(type, geometry: unit, die: die, vgs: 0, at: op) / nominal * nmosOnCurrentUAperUM|return physics.current(type, geometry: unit, die: die, vgs: 0, at: .nominal(card)) / nominal * nmosOnCurrentUAperUM|EnergyModelTests|EnergyCommandTests|leakage's temperature dependence
25|Sources/Macros/DigitalMacroEnergy.swift|/ DigitalEnergyModel.macsPerCycle(bits: config.bits) * clockNS|/ 128 * clockNS|EnergyModelTests|digital busy time: MACs per cycle by format
26|Sources/Variation/DieSampler.swift|die.globalVthN = stream.gaussian(sigma: card.sigmaVthGlobal(.n))|die.globalVthN = stream.gaussian(sigma: card.sigmaVthGlobal(.p))|DieResidualTests|population die's n global Vth drawn with p's σ
27|Sources/Analysis/TrainingNoise.swift|* sdPP * (1 + 1 / n).squareRoot()|* sdPP|TrainingNoiseTests|noise band is a prediction interval (√(1 + 1/n))
28|Sources/Analysis/YieldCriterion.swift|public var thresholdPP: Double { relativeToNoise ? noiseThresholdPP ?? maxDegradationPP : maxDegradationPP }|public var thresholdPP: Double { maxDegradationPP }|TrainingNoiseTests|relative_to_noise judges against the band
29|Sources/Training/PreparedWorkload.swift|seed: seed.absorbing("noise-order").absorbing(i)).accuracy|seed: seed).accuracy|TrainingNoiseFloorTests|noise runs use other data orders
30|Sources/Analysis/DieRecord.swift|passingCorners: t.filter { criterion.passes(degradationPP: $0.degradationPP) }.count, corners: t.count)|passingCorners: t.count, corners: t.count)|SummaryFilesTests|ReportDocumentTests|a die's passing corners counted against the criterion
31|Sources/Sweep/AdaptivePlan.swift|if !missing.isEmpty {|if !missing.isEmpty && got.isEmpty {|AdaptiveSweepTests|a round planned before the previous one finished
32|Sources/Analysis/AdaptiveDieCount.swift|let low = min(maxDies, Int((Double(n) * Self.smallestGrowth).rounded(.up)))|let low = min(maxDies, n + 1)|AdaptiveDieCountTests|smallest round growth of a quarter
33|Sources/Analysis/SweepSummary.swift|let dies = perDie[m]!.filter { $0.corners == cornersOfProcess[$0.process] }|let dies = perDie[m]!|UnevenDieCountTests|AdaptiveSweepTests|operating-range yield over dies seen at some corners only
34|Sources/Report/ShmooMap.swift|let width = max(gridRight, 8 + TextMetrics.width(title, size: titleSize, bold: true)) + 10|let width = gridRight + 10|ReportLayoutTests|a shmoo map sized without its title
35|Sources/Analysis/PairedDifference.swift|low = max(mean - half, -Self.bound)|low = mean - half|ReportLayoutTests|paired interval not clipped to ±100 pp
36|Sources/Analysis/SweepSummary.swift|!analog.isEmpty && !digital.isEmpty ? analog.flatMap { a in digital.map { (a, $0) } }|!analog.isEmpty && !digital.isEmpty ? [(analog[0], digital[0])]|ReportLayoutTests|SummaryFilesTests|only the first analog and digital macro compared
37|Sources/Training/Layers/PoolingLayer.swift|for o in 0..<outCount { d[Int(am[n * outCount + o])] += g[o] }|for o in 0..<outCount { d[Int(am[n * outCount + o])] += g[o] * 0.5 }|ConvolutionTests|max-pooling passes half of each window's gradient
38|Sources/Training/Layers/Im2Col.swift|if ix >= 0 && ix < w {|if ix > 0 && ix < w {|ConvolutionTests|col2im drops the left column of every image
39|Sources/Training/NetworkParameters.swift|let sigma = (2 / Double(s.inputs)).squareRoot()|let sigma = (2 / Double(s.outputs)).squareRoot()|BackpropagationTests|He initialisation over fan-out instead of fan-in
40|Sources/Training/WorkloadSpec.swift|\(network.layers.map(\.description).joined(separator: ","))||FinetuneTests|pre-training key blind to the network
41|Sources/Training/Datasets/CustomDataset.swift|pixels[img * n + p * c + ch] = Float(raw[img * n + ch * plane + p]) / 255|pixels[img * n + ch * plane + p] = Float(raw[img * n + ch * plane + p]) / 255|CustomDatasetTests|a user's CSV images kept channel-first
42|Sources/CAlign/prealign.c|if (q >= 0x1p-127f) {|if (q >= 0) {|NumberFormatTests|PreAlignmentKernelTests|pre-alignment through 1/q when 1/q overflows (a group of tiny δ)
43|Sources/Macros/AnalogReadPath.swift|for i in 0..<(n * outputs) { out[b0 * outputs + i] = part[i] }|for i in 0..<(n * outputs) { out[b0 + i] = part[i] }|AnalogMacroTests|a sliced analog batch's outputs misplaced
44|Sources/CAlign/prealign.c|int k = e + 2 - mantissa_bits;|int k = e + 1 - mantissa_bits;|PreAlignmentKernelTests|FP quantum one binade too fine
45|Sources/CAlign/prealign.c|dst[j] = 0.0f + qb * src[j];|dst[j] = qb * src[j];|ReadOutKernelTests|read-out writes −0 where adding onto a zeroed output gives +0
46|Sources/CAlign/prealign.c|counts[i] += row[i] != 0;|counts[i] += row[i] > 0;|ReadOutKernelTests|energy density counts only positive mantissas
48|Sources/Variation/DevicePhysics.swift|let x = (vgs - (vth - card.dibl * vds)) / s|let x = (vgs - (vth + card.dibl * vds)) / s|DevicePhysicsTests|DeviceModelFitTests|DIBL lowers the threshold (sign)
49|Sources/Variation/TechnologyCard.swift|type == .n ? subthresholdNN : subthresholdNP|type == .n ? subthresholdNP : subthresholdNN|DevicePhysicsTests|DeviceModelFitTests|subthreshold slope factor per device type
50|Sources/Variation/DevicePhysics.swift|(mu - mv) * card.vsatVoltage / (card.vsatVoltage + overdrive)|(mu - mv) * overdrive / (card.vsatVoltage + overdrive)|DevicePhysicsTests|DeviceModelFitTests|mobility exponent at low overdrive, saturation-velocity exponent at high
51|Sources/Calibration/MismatchEstimate.swift|let root = (2 * d.geometry.areaUM2).squareRoot()|let root = (d.geometry.areaUM2).squareRoot()|NgspiceCalibrationTests|Pelgrom pair convention of the Monte Carlo's A_VT
52|Sources/Calibration/Calibrator.swift|vn.append(-s.vthShiftN / sp.n / c.cornerSigmas)|vn.append(-s.vthShiftN / sp.n)|DeviceModelFitTests|NgspiceCalibrationTests|a corner sits corner_sigmas σ from TT
53|Sources/Calibration/TechnologyFileText.swift|"subthreshold_n_p = \(f(c.subthresholdNP))"|"subthreshold_n_p = \(f(c.subthresholdNN))"|NgspiceCalibrationTests|the technology file holds each fitted term
47|Sources/CAlign/prealign.c|if (!w && !accumulate) memset|if (!w && accumulate) memset|ReadOutKernelTests|a group with q = 0 leaves stale output rows
LIST
)

only=" $* "
printf '%-3s %-9s %s\n' id result "effect — the tests that failed"
killed=0; survived=0
while IFS= read -r line; do
    [ -z "$line" ] && continue
    id="${line%%|*}"
    if [ $# -gt 0 ] && [[ "$only" != *" $id "* ]]; then continue; fi
    # fields: id, file, text, replacement, then the filter (may hold |), then the effect (last field)
    effect="${line##*|}"
    rest="${line#*|}"; file="${rest%%|*}"; rest="${rest#*|}"
    text="${rest%%|*}"; rest="${rest#*|}"
    replacement="${rest%%|*}"; rest="${rest#*|}"
    filter="${rest%|*}"
    cp "$repo/$file" "$file"
    python3 - "$file" "$text" "$replacement" <<'PY'
import sys
path, old, new = sys.argv[1:4]
s = open(path, encoding="utf-8").read()
if s.count(old) != 1:
    sys.exit(f"mutation text found {s.count(old)} times in {path}: {old}")
open(path, "w", encoding="utf-8").write(s.replace(old, new))
PY
    log="$scratch/mutation-$id.log"
    if ! swift build -c release --build-tests > "$log" 2>&1; then
        result="killed"; how="(does not compile)"
    elif swift test -c release --skip-build --filter "$filter" >> "$log" 2>&1; then
        result="SURVIVED"; how=""
    else
        result="killed"
        how=$(grep -oE '✘ Test [^ (]+\(' "$log" | sed 's/✘ Test //; s/($//' | sort -u | paste -sd, - | sed 's/,/, /g') || how=""
        [ -n "$how" ] || how="(a test failed)"
    fi
    cp "$repo/$file" "$file"
    [ "$result" = killed ] && killed=$((killed + 1)) || survived=$((survived + 1))
    printf '%-3s %-9s %s — %s\n' "$id" "$result" "$effect" "$how"
done <<< "$mutations"
echo "killed $killed, survived $survived"
[ "$survived" -eq 0 ]
