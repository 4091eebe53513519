;; deposits: ledger -> inference FAI, one way (docs/protocol.md section 13.7, op body section 14.4).
;;
;; A ledger transaction whose single FUN AI op is DEPOSIT burns the value of its OP_RETURN output;
;; the system principal credits that amount to the op's recipient here once the transaction is proven
;; against the light client at DEPOSIT-CONFIRMATIONS confirmations. Each ledger txid is credited
;; once. The credited FAI comes from this contract's deposit reserve, minted at genesis: the ledger's
;; whole issuance, so every base unit ever burned on the ledger can be credited and the supply of the
;; inference VM stays constant (credits move FAI out of the reserve, they mint nothing).

(define-constant SYSTEM tx-sender)
(define-constant DEPOSIT-CONFIRMATIONS u6)

;; The DEPOSIT output, version 1: value:8 LE | script length 0x1c | OP_RETURN 0x6a | push 0x1a |
;; "FAI" 464149 | op 0x05 | version 0x01 | recipient version:1 | recipient hash160:20 (37 bytes).
(define-constant OUTPUT-LENGTH u37)
(define-constant OUTPUT-TAG 0x1c6a1a4641490501)

(define-constant ERR-NOT-SYSTEM (err u500))
(define-constant ERR-NOT-CONFIRMED (err u501))
(define-constant ERR-ALREADY-CREDITED (err u502))
(define-constant ERR-BAD-OUTPUT (err u503))
(define-constant ERR-ZERO-AMOUNT (err u504))
(define-constant ERR-RESERVE-EXHAUSTED (err u505))

(define-map credited (buff 32)
  {ledger-height: uint, ledger-hash: (buff 32), recipient: (optional principal), amount: uint})

(define-read-only (get-deposit (txid (buff 32)))
  (map-get? credited txid))

(define-read-only (get-reserve)
  (stx-get-balance current-contract))

;; Credits the DEPOSIT of `tx` (stripped serialization) in the canonical ledger block at `height`,
;; proven by its Merkle branch and the block's coinbase branch (ledger-light-client.verify-ledger-tx).
;; `output-offset` is the byte offset in `tx` of the DEPOSIT output (its value field), as the
;; consensus found it decoding the transaction with findFunaiOp; the contract checks the output's
;; bytes there and reads the amount and the recipient from them. A recipient that is not a principal
;; of this chain (principal-construct? fails, e.g. a mainnet version) is recorded as unclaimable: the
;; txid counts as credited and the amount stays in the reserve.
(define-public (credit-deposit
    (height uint)
    (tx (buff 4096))
    (index uint)
    (siblings (list 32 (buff 32)))
    (coinbase (buff 4096))
    (coinbase-siblings (list 32 (buff 32)))
    (output-offset uint))
  (begin
    (asserts! (is-eq contract-caller SYSTEM) ERR-NOT-SYSTEM)
    (let (
        (txid (try! (contract-call? .ledger-light-client verify-ledger-tx height tx index siblings coinbase
                                    coinbase-siblings)))
        (tip (contract-call? .ledger-light-client get-ledger-height))
        (output (unwrap! (slice? tx output-offset (+ output-offset OUTPUT-LENGTH)) ERR-BAD-OUTPUT))
        (amount (buff-to-uint-le (unwrap-panic (as-max-len? (unwrap-panic (slice? output u0 u8)) u16))))
        (recipient (match (principal-construct?
                            (unwrap-panic (as-max-len? (unwrap-panic (slice? output u16 u17)) u1))
                            (unwrap-panic (as-max-len? (unwrap-panic (slice? output u17 u37)) u20)))
                     p (some p)
                     e none))
      )
      (asserts! (>= (+ tip u1) (+ height DEPOSIT-CONFIRMATIONS)) ERR-NOT-CONFIRMED)
      (asserts! (is-none (map-get? credited txid)) ERR-ALREADY-CREDITED)
      (asserts! (is-eq (slice? output u8 u16) (some OUTPUT-TAG)) ERR-BAD-OUTPUT)
      (asserts! (> amount u0) ERR-ZERO-AMOUNT)
      (map-set credited txid
        {ledger-height: height,
         ledger-hash: (unwrap-panic (contract-call? .ledger-light-client get-ledger-header-hash height)),
         recipient: recipient, amount: amount})
      (match recipient
        who (begin
          (asserts! (<= amount (get-reserve)) ERR-RESERVE-EXHAUSTED)
          (try! (as-contract? ((with-stx amount)) (try! (stx-transfer? amount tx-sender who))))
          (print {event: "deposit-credited", txid: txid, ledger-height: height, recipient: who, amount: amount})
          true)
        (begin
          (print {event: "deposit-unclaimable", txid: txid, ledger-height: height, amount: amount})
          true))
      (ok {txid: txid, recipient: recipient, amount: amount}))))
