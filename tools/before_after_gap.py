#!/usr/bin/env python3
# What drives the before/after gap: the front-back preset with one input group
# at a time set as in the front-middle-back preset, each paired with the
# unchanged preset on common random numbers (orgflow run A B...). Prints a
# Markdown table of paired differences with their 95 % intervals.
# Usage (from the repository root, after cargo build --release):
#   python3 tools/before_after_gap.py orders,satisfaction,nps,cost_per_order
import json,subprocess,copy,sys,tempfile,os
B=json.load(open('examples/faw_vw_front_back_before.json'))
A=json.load(open('examples/faw_vw_front_middle_back_after.json'))
def unit(d,n): return [x for x in d['units'] if x['name']==n][0]
def g_cc_hours(d): unit(d,'call_center')['hours']=copy.deepcopy(unit(A,'online_consultants')['hours'])
def g_cc_routes(d): unit(d,'call_center')['routes']=copy.deepcopy(unit(A,'online_consultants')['routes'])
def g_dealer(d):
    for k in ('headcount','hours','service_minutes'): unit(d,'dealer_sales')[k]=copy.deepcopy(unit(A,'dealer_sales')[k])
def g_sla(d):
    d['links']=[{'name':'brand','entry_unit':'call_center','sla_minutes':30,'on_breach':'reroute','breach_unit':'dealer_sales'},
                {'name':'dealer','entry_unit':'dealer_sales','sla_minutes':120,'on_breach':'reroute','breach_unit':'call_center'}]
def g_routing(d): d['routing']=copy.deepcopy(A['routing'])
def g_handoffs(d): d['handoffs']=copy.deepcopy(A['handoffs'])
def g_price(d): d['funnel']['channels'][0]['price_consistency']=A['funnel']['channels'][0]['price_consistency']
def g_remarketing(d):
    r=copy.deepcopy(A['funnel']['remarketing']); r['unit']='call_center'; d['funnel']['remarketing']=r
def g_fixed(d): d['fixed_costs']=copy.deepcopy(A['fixed_costs'])
def g_decisions(d):
    # The decision chain: regional manager, sales department and pricing
    # committee give way to the regional battle centre and the commodity
    # committee (their headcount, hours, service times and meeting times).
    gone={'regional_manager','sales_department','pricing_committee'}
    d['units']=[u for u in d['units'] if u['name'] not in gone]
    d['units']+=[copy.deepcopy(unit(A,n)) for n in ('regional_battle_center','commodity_committee')]
    for u in d['units']:
        if u.get('escalate_to') in gone: u['escalate_to']='regional_battle_center'
groups=[('call-centre hours (Mon–Fri 09–18 → daily 08–22)',g_cc_hours),('call-centre routes to dealers (0.9 → 0.3)',g_cc_routes),
 ('dealer headcount, hours to 19:00, contact time',g_dealer),('first-contact SLAs with re-route',g_sla),
 ('routing rule (H → dealers) and duplicate share (0.15 → 0.05)',g_routing),('hand-off delay and repeat time',g_handoffs),
 ('price consistency (0.7 → 0.85)',g_price),('re-marketing shares, incubation, cycles',g_remarketing),
 ('decision chain (regional manager, sales department, pricing committee → battle centre, commodity committee)',g_decisions),
 ('fixed cost of the CRM and work badges (CNY 150,000 a month)',g_fixed)]
kpis=(sys.argv[1] if len(sys.argv)>1 else 'orders,satisfaction,nps,cost_per_order').split(',')
tmp=tempfile.mkdtemp()
json.dump(B,open(os.path.join(tmp,'base.json'),'w'),ensure_ascii=False)
files=[os.path.join(tmp,'base.json')]
for i,(name,f) in enumerate(groups):
    d=copy.deepcopy(B); f(d); p=os.path.join(tmp,f'g{i}.json'); json.dump(d,open(p,'w'),ensure_ascii=False); files.append(p)
files.append('examples/faw_vw_front_middle_back_after.json')
out=json.loads(subprocess.run(['./target/release/orgflow','run',*files,'--format','json','--replications','20'],capture_output=True,text=True,check=True).stdout)
names=[n for n,_ in groups]+['all of it: the after preset']
print('| input group changed alone (before → after) | '+' | '.join(kpis)+' |'); print('|---|'+'---|'*len(kpis))
for name,c in zip(names,out['comparisons']):
    cells=[]
    for k in kpis:
        x=c['differences'][k]; cells.append(f"{x['mean']:+.{0 if k=='orders' else 3}f} ± {x['ci95']:.{0 if k=='orders' else 3}f}")
    print(f'| {name} | '+' | '.join(cells)+' |')
