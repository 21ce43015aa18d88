import Variation

/// The stratified train/test split of a dataset (MODELS §7; docs/training.md).
///
/// Within each class the images are put in a random order (GSL `gsl_ran_shuffle` on the workload
/// stream) and the first ⌊0.8·n_c + ½⌋ go to training, the rest to test; each split is then listed in
/// ascending index order, so the split depends only on the seed, not on the file's ordering by class.
public struct DataSplit: Sendable {
    public let train: Dataset
    public let test: Dataset

    /// Share of each class that goes to training.
    public static let trainShare = 0.8

    public init(_ data: Dataset, stream: RandomStream) {
        var trainIdx = [Int](), testIdx = [Int]()
        for c in 0..<data.workload.classes {
            let members = data.labels.indices.filter { data.labels[$0] == c }
            let order = stream.permutation(members.count).map { members[$0] }
            let nTrain = Int((Self.trainShare * Double(members.count)).rounded())
            trainIdx += order[0..<nTrain]
            testIdx += order[nTrain...]
        }
        train = data.subset(trainIdx.sorted())
        test = data.subset(testIdx.sorted())
    }
}
