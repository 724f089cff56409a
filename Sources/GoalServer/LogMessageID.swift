/// Journal MESSAGE_IDs of goald's key events. `systemd/goald.catalog` explains each; keep the two in step.
/// A log call carries one as the metadata value `message_id`.
package enum LogMessageID {
    package static let started = "5449c79d86174533a70785ffbd10e180"
    package static let ready = "dba1fbb401cb43228ef155ca79f8ed2e"
    package static let reloaded = "4d2c4b3796df41c8b2c46a110024aed9"
    package static let reloadFailed = "4715fa2ee084424fb5c71736d351d9c9"
    package static let importDone = "7b7f2a5d1a3b4efe8465a64f30109184"
    package static let storeError = "f01c70a90eef4aaa95fe566d35bec76b"
    package static let storeReadOnly = "5fd289adc8f04fba8ee7f38004f8a1f4"
    package static let stopping = "06ad7daf56cb4e0eb24c084153ceaf03"

    package static let all = [started, ready, reloaded, reloadFailed, importDone, storeError, storeReadOnly, stopping]
}
