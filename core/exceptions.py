class StaleEditError(Exception):
    """Someone else saved the record after this edit started."""

    message = (
        "Someone else changed this record while you were editing it. "
        "Your changes have not been saved. Reload the page to see their changes, then make yours again."
    )
