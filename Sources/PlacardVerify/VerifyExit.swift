/// Exit statuses of `placard-verify` and `placard verify`.
public enum VerifyExit {
    public static let clean: Int32 = 0
    public static let findings: Int32 = 1
    public static let unreadable: Int32 = 2
}
