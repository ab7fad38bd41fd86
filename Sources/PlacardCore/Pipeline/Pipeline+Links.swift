import Dispatch
import PlacardRules
import PlacardSystem

extension Pipeline {
    /// The check of `#fragment` links between pages (`FragmentCheck`) and the search index's
    /// assembly (`SearchCollector.finish`), side by side: both need every page rendered and
    /// neither needs the other, so on two cores the index costs the build little beyond the
    /// check. The check is split in shares of pages; the findings come in page order, as from
    /// one thread. No `anchors` (a run with errors already): no check.
    ///
    /// Timed as "render" until the last link is checked (the check belongs to rendering) and
    /// as "index" for what the index took beyond that.
    static func checkLinksAndFinish(_ search: SearchCollector, anchors: [String: PageAnchors],
                                    report: inout BuildReport) -> ([Finding], SearchCollector.Finished) {
        let start = DispatchTime.now().uptimeNanoseconds
        let keys = anchors.keys.sorted()
        let share = 512
        let shares = stride(from: 0, to: keys.count, by: share).map { $0..<min($0 + share, keys.count) }
        let finished = Locked<SearchCollector.Finished?>(nil)
        let linksChecked = Locked(start)
        // On one thread the jobs run in order: the index last, so its own time shows.
        let indexJob = ConcurrentMap.width > 1 ? 0 : shares.count
        let found = ConcurrentMap.run(shares.count + 1) { job -> [Finding] in
            if job == indexJob {
                let result = search.finish()
                finished.withLock { $0 = result }
                return []
            }
            let findings = FragmentCheck.findings(anchors, keys: keys[shares[job > indexJob ? job - 1 : job]])
            let now = DispatchTime.now().uptimeNanoseconds
            linksChecked.withLock { $0 = max($0, now) }
            return findings
        }
        let end = DispatchTime.now().uptimeNanoseconds
        let checked = min(linksChecked.current, end)
        report.add("render", nanoseconds: checked - start)
        report.add("index", nanoseconds: end - checked)
        return (found.flatMap { $0 }, finished.current ?? ([], [:], []))
    }
}
