/// Working memory that grows to the largest size asked of it and is kept between calls, so that hot
/// loops do not allocate (and page-fault) on every call. Owned by one macro, hence by one trial and one
/// thread. For trivial element types (Float, Int32, UInt32); contents are not kept across growth.
///
/// The storage starts `lane × 320` bytes past a 4 KiB boundary. Buffers that one loop reads and writes
/// together take different lanes, so that their elements at one index never share an address modulo
/// 4 KiB: with equal page offsets (what large `malloc` blocks, served by `mmap`, get) loads from one and
/// stores to another at the same index are taken for conflicts ("4K aliasing") and stall. Without
/// lanes, benchmark samples of a 256×256 analog layer's passes fell into two groups, ≈ 11.5 and
/// ≈ 14.8 ms, by where `malloc` had put the buffers; with them most fall in the first.
final class ScratchBuffer<Element> {
    private var raw: UnsafeMutableRawPointer?
    private var capacity = 0
    private let skew: Int

    /// `lane` in 0 … 12 (distinct lanes, distinct offsets within a page).
    init(lane: Int = 0) {
        precondition((0...12).contains(lane), "ScratchBuffer lanes are 0 … 12")
        skew = lane * 320
    }

    /// Storage for at least `count` elements (uninitialised where never written).
    func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if raw == nil || count > capacity {
            raw?.deallocate()
            capacity = max(count, 1)
            raw = .allocate(byteCount: capacity * MemoryLayout<Element>.stride + skew, alignment: 4096)
        }
        return (raw! + skew).bindMemory(to: Element.self, capacity: capacity)
    }

    deinit { raw?.deallocate() }
}
