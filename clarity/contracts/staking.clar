;; staking: FAI stakes with an unbonding period, verifier keys, and the verifier set.
;;
;; Every staker first registers keys: the ledger script its rewards are paid to and the BLS12-381
;; public key it signs verdicts with. The proof of possession of that key is checked by the host
;; before the call reaches the VM (Clarity has no BLS builtin); the contract records it so anyone
;; can check it again. Stakes are ranked (stake descending, then the principal's consensus bytes
;; ascending); the verifier set of a reward cycle is the top VERIFIER-SET-SIZE of that ranking as it
;; stood when the cycle began, recorded by the first state change (or snapshot call) in the cycle.
;; Time is ledger height, read from the ledger light client.

(define-constant SYSTEM tx-sender)

(define-constant CYCLE-LENGTH u144)
(define-constant UNBONDING-PERIOD u288)
(define-constant MIN-STAKE u1000000000)
(define-constant MAX-STAKERS u100)
(define-constant VERIFIER-SET-SIZE u5)
(define-constant MIN-BOND u1000000000)

(define-constant ERR-NO-KEYS (err u200))
(define-constant ERR-BAD-AMOUNT (err u201))
(define-constant ERR-BELOW-MIN-STAKE (err u202))
(define-constant ERR-RANKING-FULL (err u203))
(define-constant ERR-INSUFFICIENT-STAKE (err u204))
(define-constant ERR-NOTHING-TO-WITHDRAW (err u205))
(define-constant ERR-STILL-UNBONDING (err u206))
(define-constant ERR-BAD-SCRIPT (err u207))
(define-constant ERR-BAD-BLS-KEY (err u208))
(define-constant ERR-BLS-KEY-TAKEN (err u209))
(define-constant ERR-NOT-POI (err u210))
(define-constant ERR-INSUFFICIENT-FUNDS (err u211))
(define-constant ERR-BAD-RECEIPT (err u212))
(define-constant ERR-NOT-EQUIVOCATION (err u213))
(define-constant ERR-BAD-RECEIPT-SIGNATURE (err u214))
(define-constant ERR-ALREADY-REPORTED (err u215))

(define-map stakers principal {stake: uint, unbonding: uint, release-height: uint})
(define-map verifier-keys principal {reward-script: (buff 34), bls-pubkey: (buff 48), pop: (buff 96)})
(define-map bls-key-owner (buff 48) principal)
;; Every principal with a non-zero stake, best first.
(define-data-var ranking (list 100 {staker: principal, stake: uint}) (list))
(define-map verifier-sets uint
  (list 5 {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)}))

;; ---------------------------------------------------------------------------------------------
;; Time

(define-read-only (get-ledger-height)
  (contract-call? .ledger-light-client get-ledger-height))

(define-read-only (get-current-cycle)
  (/ (get-ledger-height) CYCLE-LENGTH))

;; ---------------------------------------------------------------------------------------------
;; Ranking

(define-private (rank-key (who principal))
  (unwrap-panic (to-consensus-buff? who)))

(define-private (ranks-before (a {staker: principal, stake: uint}) (b {staker: principal, stake: uint}))
  (or (> (get stake a) (get stake b))
      (and (is-eq (get stake a) (get stake b)) (< (rank-key (get staker a)) (rank-key (get staker b))))))

(define-private (as-ranking (l (list 200 {staker: principal, stake: uint})))
  (unwrap-panic (as-max-len? l u100)))

;; The first `n` entries and the entries from `n` on (slice? is none for an empty range at the end).
(define-private (head (l (list 100 {staker: principal, stake: uint})) (n uint))
  (if (is-eq n u0) (list) (unwrap-panic (slice? l u0 n))))

(define-private (tail (l (list 100 {staker: principal, stake: uint})) (n uint))
  (if (>= n (len l)) (list) (unwrap-panic (slice? l n (len l)))))

(define-private (count-before
    (e {staker: principal, stake: uint})
    (st {entry: {staker: principal, stake: uint}, n: uint}))
  (if (ranks-before e (get entry st)) (merge st {n: (+ (get n st) u1)}) st))

;; Moves `who` from the place its old stake held to the one its new stake earns (a zero stake
;; leaves the ranking): one pass to find the place, then slices, so the cost is linear.
(define-private (rerank (who principal) (old-stake uint) (new-stake uint))
  (let (
      (l (var-get ranking))
      (without (match (index-of? l {staker: who, stake: old-stake})
        i (as-ranking (concat (head l i) (tail l (+ i u1))))
        l))
      (entry {staker: who, stake: new-stake})
      (at (get n (fold count-before without {entry: entry, n: u0})))
    )
    (var-set ranking
      (if (is-eq new-stake u0)
        without
        (as-ranking (concat
          (as-ranking (concat (head without at) (list entry)))
          (tail without at)))))))

(define-private (start-unbonding (who principal) (amount uint))
  (let ((cur (default-to {stake: u0, unbonding: u0, release-height: u0} (map-get? stakers who))))
    (map-set stakers who
      {stake: (- (get stake cur) amount), unbonding: (+ (get unbonding cur) amount),
       release-height: (+ (get-ledger-height) UNBONDING-PERIOD)})))

;; A newcomer to a full ranking must outrank its last entry, which is then moved to unbonding.
(define-private (make-room (who principal) (staked uint))
  (let (
      (l (var-get ranking))
      (n (len l))
    )
    (if (< n MAX-STAKERS)
      (ok true)
      (let ((last (unwrap-panic (element-at? l (- n u1)))))
        (asserts! (ranks-before {staker: who, stake: staked} last) ERR-RANKING-FULL)
        (start-unbonding (get staker last) (get stake last))
        (var-set ranking (unwrap-panic (as-max-len? (unwrap-panic (slice? l u0 (- n u1))) u100)))
        (print {event: "stake-evicted", staker: (get staker last), amount: (get stake last)})
        (ok true)))))

;; ---------------------------------------------------------------------------------------------
;; Verifier set

(define-private (to-verifier (e {staker: principal, stake: uint}))
  (let ((k (unwrap-panic (map-get? verifier-keys (get staker e)))))
    {verifier: (get staker e), stake: (get stake e), bls-pubkey: (get bls-pubkey k),
     reward-script: (get reward-script k)}))

(define-private (take-verifier
    (e {staker: principal, stake: uint})
    (acc (list 5 {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)})))
  (if (< (len acc) VERIFIER-SET-SIZE)
    (unwrap-panic (as-max-len? (append acc (to-verifier e)) u5))
    acc))

(define-private (top-set)
  (fold take-verifier (var-get ranking) (list)))

;; The latest cycle recorded, none before the first record.
(define-data-var last-recorded (optional uint) none)

(define-constant GAP-FILL (list u0 u1 u2 u3 u4 u5 u6 u7 u8 u9 u10 u11 u12 u13 u14 u15))

;; Records `set` for cycle `cycle` - k when that cycle lies after the last record and has none.
(define-private (fill-gap
    (k uint)
    (st {cycle: uint, after: (optional uint),
         set: (list 5 {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)})}))
  (begin
    (if (or (is-eq k u0)
            (and (<= k (get cycle st))
                 (match (get after st) last (> (- (get cycle st) k) last) true)))
      (map-insert verifier-sets (- (get cycle st) k) (get set st))
      false)
    st))

;; Records the current cycle's set before the first change of the cycle alters the ranking or a
;; verifier's keys. The cycles since the last record saw no change, so their sets equal the current
;; one too: up to 16 of them (the current one included) are recorded with it.
(define-private (ensure-snapshot)
  (let ((cycle (get-current-cycle)))
    (if (is-none (map-get? verifier-sets cycle))
      (let ((set (top-set)))
        (fold fill-gap GAP-FILL {cycle: cycle, after: (var-get last-recorded), set: set})
        (if (match (var-get last-recorded) last (> cycle last) true) (var-set last-recorded (some cycle)) false)
        (print {event: "verifier-set", cycle: cycle, set: set})
        true)
      false)))

;; The set of `cycle`: its record; for an unrecorded cycle after the last record, up to the current
;; one, the live top of the ranking (nothing has changed since that cycle began, so it is what a
;; record would hold); none for future cycles and for gaps older than 16 cycles before a record.
(define-read-only (get-verifier-set (cycle uint))
  (match (map-get? verifier-sets cycle)
    recorded (some recorded)
    (if (and (<= cycle (get-current-cycle))
             (match (var-get last-recorded) last (> cycle last) true))
      (some (top-set))
      none)))

;; Records the current cycle's set if needed and returns it (other contracts use this to act on
;; the set of the current cycle).
(define-public (snapshot-verifier-set)
  (begin
    (ensure-snapshot)
    (let ((cycle (get-current-cycle)))
      (ok {cycle: cycle, set: (unwrap-panic (map-get? verifier-sets cycle))}))))

(define-private (member-step
    (v {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)})
    (st {who: principal, found: bool}))
  {who: (get who st), found: (or (get found st) (is-eq (get verifier v) (get who st)))})

(define-read-only (is-verifier (who principal) (cycle uint))
  (match (get-verifier-set cycle)
    set (get found (fold member-step set {who: who, found: false}))
    false))

;; ---------------------------------------------------------------------------------------------
;; Keys

;; The ledger output scripts a reward can be paid to: P2PKH, P2SH, P2WPKH, P2WSH and P2TR.
(define-read-only (is-standard-script (script (buff 34)))
  (let ((n (len script)))
    (or
      (and (is-eq n u25) (is-eq (slice? script u0 u3) (some 0x76a914))
           (is-eq (slice? script u23 u25) (some 0x88ac)))
      (and (is-eq n u23) (is-eq (slice? script u0 u2) (some 0xa914)) (is-eq (element-at? script u22) (some 0x87)))
      (and (is-eq n u22) (is-eq (slice? script u0 u2) (some 0x0014)))
      (and (is-eq n u34) (or (is-eq (slice? script u0 u2) (some 0x0020)) (is-eq (slice? script u0 u2) (some 0x5120)))))))

;; Registers or replaces the caller's keys. Consensus rule enforced by the host before execution:
;; `pop` is a valid BLS signature by `bls-pubkey` of "FUNAI-BLS-POP-V1" || bls-pubkey ||
;; to-consensus-buff?(tx-sender). A key belongs to one principal at a time. A new key takes effect
;; in the verifier set from the next cycle.
(define-public (register-keys (reward-script (buff 34)) (bls-pubkey (buff 48)) (pop (buff 96)))
  (let (
      (who tx-sender)
      (previous (map-get? verifier-keys who))
    )
    (asserts! (is-standard-script reward-script) ERR-BAD-SCRIPT)
    (asserts! (and (is-eq (len bls-pubkey) u48) (is-eq (len pop) u96)) ERR-BAD-BLS-KEY)
    (asserts! (is-eq (default-to who (map-get? bls-key-owner bls-pubkey)) who) ERR-BLS-KEY-TAKEN)
    ;; The current cycle's set keeps the keys it began with: record it before the rotation.
    (ensure-snapshot)
    (match previous
      old (map-delete bls-key-owner (get bls-pubkey old))
      true)
    (map-set bls-key-owner bls-pubkey who)
    (map-set verifier-keys who {reward-script: reward-script, bls-pubkey: bls-pubkey, pop: pop})
    (print {event: "keys-registered", staker: who, reward-script: reward-script, bls-pubkey: bls-pubkey})
    (ok true)))

(define-read-only (get-keys (who principal))
  (map-get? verifier-keys who))

;; ---------------------------------------------------------------------------------------------
;; Stake

(define-read-only (get-stake (who principal))
  (default-to {stake: u0, unbonding: u0, release-height: u0} (map-get? stakers who)))

(define-read-only (get-ranking)
  (var-get ranking))

(define-public (stake (amount uint))
  (let (
      (who tx-sender)
      (cur (get-stake who))
    )
    (asserts! (> amount u0) ERR-BAD-AMOUNT)
    ;; Checked before any sum: an amount above the balance could overflow one.
    (asserts! (<= amount (stx-get-balance who)) ERR-INSUFFICIENT-FUNDS)
    (asserts! (is-some (map-get? verifier-keys who)) ERR-NO-KEYS)
    (let ((total (+ (get stake cur) amount)))
      (asserts! (>= total MIN-STAKE) ERR-BELOW-MIN-STAKE)
      (unwrap! (stx-transfer? amount who current-contract) ERR-INSUFFICIENT-FUNDS)
      (ensure-snapshot)
      (if (is-eq (get stake cur) u0) (try! (make-room who total)) true)
      (map-set stakers who (merge (get-stake who) {stake: total}))
      (rerank who (get stake cur) total)
      (print {event: "stake", staker: who, amount: amount, stake: total})
      (ok total))))

;; Starts unbonding `amount`; what remains staked is zero or at least MIN-STAKE. Every unstake
;; restarts the release height of the whole unbonding balance.
(define-public (unstake (amount uint))
  (let (
      (who tx-sender)
      (cur (get-stake who))
      (remaining (- (get stake cur) (if (<= amount (get stake cur)) amount u0)))
    )
    (asserts! (> amount u0) ERR-BAD-AMOUNT)
    (asserts! (<= amount (get stake cur)) ERR-INSUFFICIENT-STAKE)
    (asserts! (or (is-eq remaining u0) (>= remaining MIN-STAKE)) ERR-BELOW-MIN-STAKE)
    (ensure-snapshot)
    (start-unbonding who amount)
    (rerank who (get stake cur) remaining)
    (print {event: "unstake", staker: who, amount: amount, stake: remaining,
            release-height: (+ (get-ledger-height) UNBONDING-PERIOD)})
    (ok remaining)))

;; Pays out the whole unbonding balance once the ledger reaches its release height.
(define-public (withdraw)
  (let (
      (who tx-sender)
      (cur (get-stake who))
      (amount (get unbonding cur))
    )
    (asserts! (> amount u0) ERR-NOTHING-TO-WITHDRAW)
    (asserts! (>= (get-ledger-height) (get release-height cur)) ERR-STILL-UNBONDING)
    (map-set stakers who (merge cur {unbonding: u0}))
    (try! (as-contract? ((with-stx amount)) (try! (stx-transfer? amount tx-sender who))))
    (print {event: "withdraw", staker: who, amount: amount})
    (ok amount)))

;; ---------------------------------------------------------------------------------------------
;; Bonds and slashing
;;
;; A principal's bond is its stake plus its unbonding balance: both are slashable. Producers and
;; executors bond the same way verifiers do (keys, then `stake`); only the active stake counts for
;; eligibility (`has-bond`), so a bond being withdrawn stays slashable but earns nothing.

(define-read-only (get-bond (who principal))
  (let ((cur (get-stake who))) (+ (get stake cur) (get unbonding cur))))

;; Whether `who` may produce a block or have its receipts paid: an active stake of at least MIN-BOND.
(define-read-only (has-bond (who principal))
  (>= (get stake (get-stake who)) MIN-BOND))

;; Takes up to `amount` of `offender`'s bond (stake first, then unbonding) into this contract's free
;; balance and returns what it took. A stake left below MIN-STAKE moves to unbonding.
(define-private (take-bond (offender principal) (amount uint))
  (let (
      (cur (get-stake offender))
      (bond (+ (get stake cur) (get unbonding cur)))
      (taken (if (<= amount bond) amount bond))
      (from-stake (if (<= taken (get stake cur)) taken (get stake cur)))
      (left (- (get stake cur) from-stake))
      (kept (if (>= left MIN-STAKE) left u0))
    )
    (if (is-eq taken u0)
      u0
      (begin
        (ensure-snapshot)
        (map-set stakers offender
          {stake: kept, unbonding: (- (+ (get unbonding cur) (- left kept)) (- taken from-stake)),
           release-height: (if (> left kept) (+ (get-ledger-height) UNBONDING-PERIOD) (get release-height cur))})
        (rerank offender (get stake cur) kept)
        taken))))

(define-private (burn (amount uint))
  (if (> amount u0)
    (as-contract? ((with-stx amount)) (try! (stx-burn? amount tx-sender)))
    (ok true)))

;; Called by the poi contract: burns a fixed `amount` of the offender's bond (as much as it holds).
;; poi passes PENALTY-INVALID-RECORD, PENALTY-REJECTED-BLOCK or a verifier's share (basis points of
;; its bond, `slash-share`); a fixed amount never compounds.
(define-public (slash (offender principal) (amount uint) (reason (string-ascii 16)))
  (begin
    (asserts! (is-eq contract-caller .poi) ERR-NOT-POI)
    (let ((taken (take-bond offender amount)))
      (try! (burn taken))
      (if (> taken u0)
        (begin
          (print {event: "slash", staker: offender, amount: taken, reason: reason,
                  stake: (get stake (get-stake offender))})
          true)
        false)
      (ok taken))))

;; `bps` / 10000 of `who`'s bond, the verifier penalties' base.
(define-read-only (bond-share (who principal) (bps uint))
  (/ (* (get-bond who) bps) u10000))

;; ---------------------------------------------------------------------------------------------
;; Equivocation (docs/protocol.md section 13.8)
;;
;; A signed execution receipt is 207 bytes: a 143-byte body (version:1 = 1 | chainId:4 | txId:32 |
;; modelId:32 | outputHash:32 | outputTokens:4 | finishReason:1 | executor:33 | ledgerHeight:4)
;; and a 64-byte signature r||s by the executor key over SHA-256("FUNAI-RECEIPT-V1" || body).
;; Two receipts by one executor for one txId with different (outputHash, outputTokens,
;; finishReason) prove equivocation: anyone may submit them once per (executor, txId); the
;; executor's whole bond is slashed, EQUIVOCATION-REWARD-BPS of it paid to the submitter, the rest
;; burned.

(define-constant RECEIPT-DOMAIN 0x46554e41492d524543454950542d5631)
(define-constant EQUIVOCATION-REWARD-BPS u1000)

(define-map equivocations {executor: principal, tx-id: (buff 32)} {submitter: principal, slashed: uint})

(define-private (receipt-field (r (buff 207)) (start uint) (end uint))
  (unwrap-panic (slice? r start end)))

(define-private (receipt-signed (r (buff 207)))
  (secp256k1-verify
    (sha256 (concat RECEIPT-DOMAIN (receipt-field r u0 u143)))
    (unwrap-panic (as-max-len? (receipt-field r u143 u207) u65))
    (unwrap-panic (as-max-len? (receipt-field r u106 u139) u33))))

(define-read-only (get-equivocation (executor principal) (tx-id (buff 32)))
  (map-get? equivocations {executor: executor, tx-id: tx-id}))

(define-public (report-equivocation (a (buff 207)) (b (buff 207)))
  (begin
    (asserts! (and (is-eq (len a) u207) (is-eq (len b) u207)) ERR-BAD-RECEIPT)
    (asserts! (and (is-eq (element-at? a u0) (some 0x01)) (is-eq (element-at? b u0) (some 0x01))) ERR-BAD-RECEIPT)
    ;; Same chain, same transaction, same executor; a different outcome.
    (asserts! (is-eq (receipt-field a u1 u37) (receipt-field b u1 u37)) ERR-NOT-EQUIVOCATION)
    (asserts! (is-eq (receipt-field a u106 u139) (receipt-field b u106 u139)) ERR-NOT-EQUIVOCATION)
    (asserts! (not (is-eq (receipt-field a u69 u106) (receipt-field b u69 u106))) ERR-NOT-EQUIVOCATION)
    (asserts! (and (receipt-signed a) (receipt-signed b)) ERR-BAD-RECEIPT-SIGNATURE)
    (let (
        (executor (unwrap! (principal-of? (unwrap-panic (as-max-len? (receipt-field a u106 u139) u33)))
                           ERR-BAD-RECEIPT))
        (tx-id (unwrap-panic (as-max-len? (receipt-field a u5 u37) u32)))
        (submitter tx-sender)
      )
      (asserts! (is-none (get-equivocation executor tx-id)) ERR-ALREADY-REPORTED)
      (let (
          (taken (take-bond executor (get-bond executor)))
          (reward (/ (* taken EQUIVOCATION-REWARD-BPS) u10000))
        )
        (if (> reward u0)
          (try! (as-contract? ((with-stx reward)) (try! (stx-transfer? reward tx-sender submitter))))
          true)
        (try! (burn (- taken reward)))
        (map-set equivocations {executor: executor, tx-id: tx-id} {submitter: submitter, slashed: taken})
        (print {event: "equivocation", executor: executor, tx-id: tx-id, submitter: submitter, slashed: taken,
                reward: reward, burned: (- taken reward)})
        (ok {slashed: taken, reward: reward})))))
