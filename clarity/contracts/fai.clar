;; fai: the inference layer's FAI, which is the VM's native token (1 FAI = 10^8 base units).
;;
;; The host executes a block's plain transfers as calls to `transfer`, so a transfer is metered
;; and reported like any other call. New FAI only ever comes from the system principal's issuance
;; reserve, minted once at genesis and paid out by the poi contract as block rewards.

(define-public (transfer (amount uint) (recipient principal))
  (stx-transfer? amount tx-sender recipient))

(define-read-only (get-balance (who principal))
  (stx-get-balance who))
