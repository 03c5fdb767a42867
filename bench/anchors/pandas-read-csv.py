# What GDELT users most often do instead: pandas read_csv of the file (no header, tab-separated,
# every column as text), printing the peak resident memory in KB.
#   python3 bench/anchors/pandas-read-csv.py FILE
import resource, sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], sep='\t', header=None, dtype=str, keep_default_na=False, quoting=3)
print(len(frame), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
