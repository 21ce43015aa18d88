import Variation

/// The stratified train/test split of a dataset (MODELS §7; docs/training.md).
///
/// Within each class the images are put in a random order (GSL `gsl_ran_shuffle` on the workload
/// stream) and the first ⌊0.8·n_c + ½⌋ go to training, the rest to test; each split is then listed in
/// ascending index order, so the split depends only on the seed, not on the file's ordering by class.
/// A dataset with its own split (Fashion-MNIST: ``Workload/officialTrainImages``) keeps it.
///
/// `trainImages` / `testImages` then take a stratified subset of a split: class c keeps
/// ⌊n·n_c/N⌋ images, and the n − Σ⌊…⌋ left over go one each to the classes with the largest
/// remainders (ties to the lower class) — the largest-remainder rule, so the subset has the split's
/// class shares as nearly as n allows; the images of a class are the first of a seeded order of it.
public struct DataSplit: Sendable {
    public let train: Dataset
    public let test: Dataset

    /// Share of each class that goes to training.
    public static let trainShare = 0.8

    public init(_ data: Dataset, stream: RandomStream, trainImages: Int? = nil, testImages: Int? = nil) {
        var trainIdx = [Int](), testIdx = [Int]()
        if let official = data.workload.officialTrainImages {
            trainIdx = Array(0..<official)
            testIdx = Array(official..<data.count)
        } else {
            for c in 0..<data.workload.classes {
                let members = data.labels.indices.filter { data.labels[$0] == c }
                let order = stream.permutation(members.count).map { members[$0] }
                let nTrain = Int((Self.trainShare * Double(members.count)).rounded())
                trainIdx += order[0..<nTrain]
                testIdx += order[nTrain...]
            }
        }
        if let n = trainImages { trainIdx = Self.stratified(trainIdx, labels: data.labels, classes: data.workload.classes, count: n, stream: stream) }
        if let n = testImages { testIdx = Self.stratified(testIdx, labels: data.labels, classes: data.workload.classes, count: n, stream: stream) }
        train = data.subset(trainIdx.sorted())
        test = data.subset(testIdx.sorted())
    }

    /// `count` of `indices` (all of them when count ≥ their number), stratified by class by the
    /// largest-remainder rule, each class's images the first of a random order of them.
    public static func stratified(_ indices: [Int], labels: [Int], classes: Int, count: Int, stream: RandomStream) -> [Int] {
        guard count < indices.count else { return indices }
        let byClass = (0..<classes).map { c in indices.filter { labels[$0] == c } }
        let quota = byClass.map { count * $0.count / indices.count }
        let remainder = byClass.map { (count * $0.count) % indices.count }
        var extra = count - quota.reduce(0, +)
        var take = quota
        for c in (0..<classes).sorted(by: { (remainder[$0], -$0) > (remainder[$1], -$1) }) where extra > 0 {
            take[c] += 1; extra -= 1
        }
        return (0..<classes).flatMap { c -> [Int] in
            let members = byClass[c]
            return stream.permutation(members.count).prefix(take[c]).map { members[$0] }
        }
    }
}
