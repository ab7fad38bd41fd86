import Foundation
import Testing
import PlacardSystem

/// The parallel map, the lock, paths and the folder walk, which every module now shares.
@Suite("Parallel map and lock")
struct SharedPlumbingTests {
    @Test("results come back in index order, whatever the thread count", arguments: [1, 2, 7])
    func order(_ threads: Int) {
        let results = ConcurrentMap.$threads.withValue(threads) { ConcurrentMap.run(500) { $0 * 3 } }
        #expect(results == (0..<500).map { $0 * 3 })
        #expect(ConcurrentMap.run(0) { $0 }.isEmpty)
    }

    @Test("every index is handed out exactly once")
    func eachOnce() {
        let seen = Locked<[Int]>([])
        ConcurrentMap.$threads.withValue(4) { ConcurrentMap.forEach(1000) { i in seen.withLock { $0.append(i) } } }
        #expect(seen.current.sorted() == Array(0..<1000))
    }

    @Test("one normaliser: relative paths refuse to climb out, absolute ones stop at the root")
    func paths() {
        #expect(Path.normalize("a/./b/../c") == "a/c")
        #expect(Path.normalize("a/../../x") == nil)
        #expect(Path.absolute("/a/./b/../../../c/") == "/c")
        #expect(Path.absolute("/..") == "/")
        #expect(Path.absolute("/") == "/")
    }

    @Test("the folder walk follows inside links once, reports outside ones, refuses a file")
    func walk() throws {
        let base = NSTemporaryDirectory() + "placard-walk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let root = base + "/site", elsewhere = base + "/elsewhere"
        defer { try? FileSystem.remove(base) }
        try FileSystem.makeDirectories(root + "/a/b")
        try FileSystem.makeDirectories(elsewhere)
        try FileSystem.write("12345", to: root + "/a/b/page.html")
        try FileSystem.write("x", to: elsewhere + "/secret.txt")
        #expect(symlink("..", root + "/a/b/loop") == 0)
        #expect(symlink(elsewhere + "/secret.txt", root + "/leak.txt") == 0)
        let walk = try FolderInventory.of(root)
        #expect(walk.files == ["a/b/page.html": 5])
        #expect(walk.outside == ["leak.txt": FileSystem.realPath(elsewhere + "/secret.txt")!])
        #expect(throws: FileSystem.Error.self) { try FolderInventory.of(root + "/a/b/page.html") }
        #expect(throws: FileSystem.Error.self) { try FolderInventory.of(base + "/missing") }
    }

    @Test("the next byte of a kind, within bounds")
    func byteSearch() {
        let bytes = Array("a<b>c<".utf8)
        bytes.withUnsafeBufferPointer { p in
            #expect(p.index(of: UInt8(ascii: "<"), from: 0) == 1)
            #expect(p.index(of: UInt8(ascii: "<"), from: 2) == 5)
            #expect(p.index(of: UInt8(ascii: "<"), from: 2, to: 5) == nil, "the end is not searched")
            #expect(p.index(of: UInt8(ascii: ">"), from: 0, to: 99) == 3, "an end past the buffer is the buffer's end")
            #expect(p.index(of: UInt8(ascii: "<"), from: 6) == nil)
            #expect(p.index(of: UInt8(ascii: "z"), from: 0) == nil)
        }
        [UInt8]().withUnsafeBufferPointer { #expect($0.index(of: 0, from: 0) == nil) }
    }
}
