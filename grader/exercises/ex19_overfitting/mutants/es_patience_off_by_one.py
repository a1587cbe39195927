"""Waits one epoch too many: stops only after patience + 1 epochs without improvement."""

EXPECT = "patience_off_by_one"


def early_stopping(val_losses, patience, min_delta=0.0):
    losses = [float(v) for v in val_losses]
    if not losses or not all(np.isfinite(losses)):
        raise ValueError("bad losses")
    patience = _int("patience", patience, 1)
    min_delta = _non_negative("min_delta", min_delta)
    best_epoch, best, waited = 0, losses[0], 0
    for epoch in range(1, len(losses)):
        if losses[epoch] < best - min_delta:
            best_epoch, best, waited = epoch, losses[epoch], 0
        else:
            waited += 1
            if waited > patience:
                return best_epoch, epoch
    return best_epoch, len(losses) - 1
