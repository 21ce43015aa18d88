/// Working memory that grows to the largest size asked of it and is kept between calls, so that hot
/// loops do not allocate (and page-fault) on every call. Owned by one macro, hence by one trial and one
/// thread. For trivial element types (Float, Int32, UInt32); contents are not kept across growth.
final class ScratchBuffer<Element> {
    private var base = UnsafeMutablePointer<Element>.allocate(capacity: 1)
    private var capacity = 1

    /// Storage for at least `count` elements (uninitialised where never written).
    func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            base.deallocate()
            base = .allocate(capacity: count)
            capacity = count
        }
        return base
    }

    deinit { base.deallocate() }
}
