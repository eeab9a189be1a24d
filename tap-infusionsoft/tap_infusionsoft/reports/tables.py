"""Fields of Keap's XML-RPC tables (developer.infusionsoft.com/docs/table-schema/).

Each table lists its fields as `Name` (text) or `Name:kind`, kind one of int, num, date,
datetime. Password fields are left out: a report never needs them. Custom fields
(`_Name`) are not here: they come from the account's DataFormField table.
"""

from __future__ import annotations

TABLE_FIELDS: dict[str, str] = {
    "ActionSequence": ("Id:int TemplateName"),
    "Affiliate": (
        "Id:int ContactId:int ParentId:int LeadAmt:num LeadPercent SaleAmt:num SalePercent "
        "PayoutType DefCommissionType Status AffName AffCode NotifyLead NotifySale "
        "LeadCookieFor"
    ),
    "CCharge": ("Id:int RefNum ApprCode Amt:num"),
    "CProgram": (
        "Id:int ProgramName DefaultPrice:num DefaultCycle DefaultFrequency:int Sku "
        "ShortDescription BillingType SubCategory:int Description HideInStore:int Status:int "
        "LargeImage Taxable:int Family"
    ),
    "Campaign": ("Id:int Name Status"),
    "CampaignStep": ("Id:int CampaignId:int TemplateId:int StepStatus StepTitle"),
    "Campaignee": ("CampaignId:int Status Campaign ContactId:int"),
    "Company": (
        "Address1Type Address2Street1 Address2Street2 Address2Type Address3Street1 "
        "Address3Street2 Address3Type Anniversary AssistantName AssistantPhone "
        "BillingInformation Birthday City City2 City3 Company AccountId:int CompanyID:int "
        "ContactNotes ContactType Country Country2 Country3 CreatedBy DateCreated:datetime "
        "Email EmailAddress2 EmailAddress3 Fax1 Fax1Type Fax2 Fax2Type FirstName Groups "
        "Id:int JobTitle LastName LastUpdated:datetime LastUpdatedBy:datetime MiddleName "
        "Nickname OwnerID:int Phone1 Phone1Ext Phone1Type Phone2 Phone2Ext Phone2Type Phone3 "
        "Phone3Ext Phone3Type Phone4 Phone4Ext Phone4Type Phone5 Phone5Ext Phone5Type "
        "PostalCode PostalCode2 PostalCode3 ReferralCode SpouseName State State2 State3 "
        "StreetAddress1 StreetAddress2 Suffix Title Username Validated Website ZipFour1 "
        "ZipFour2 ZipFour3"
    ),
    "Contact": (
        "Address1Type Address2Street1 Address2Street2 Address2Type Address3Street1 "
        "Address3Street2 Address3Type Anniversary:date AssistantName AssistantPhone "
        "BillingInformation Birthday:date City City2 City3 Company AccountId:int "
        "CompanyID:int ContactNotes ContactType Country Country2 Country3 CreatedBy:int "
        "DateCreated:datetime Email EmailAddress2 EmailAddress3 Fax1 Fax1Type Fax2 Fax2Type "
        "FirstName Groups Id:int JobTitle LastName LastUpdated:datetime LastUpdatedBy:int "
        "Leadsource LeadSourceId:int MiddleName Nickname OwnerID:int Phone1 Phone1Ext "
        "Phone1Type Phone2 Phone2Ext Phone2Type Phone3 Phone3Ext Phone3Type Phone4 Phone4Ext "
        "Phone4Type Phone5 Phone5Ext Phone5Type PostalCode PostalCode2 PostalCode3 "
        "ReferralCode SpouseName State State2 State3 StreetAddress1 StreetAddress2 Suffix "
        "Title Username Validated Website ZipFour1 ZipFour2 ZipFour3"
    ),
    "ContactAction": (
        "Id:int ContactId:int OpportunityId:int ActionType ActionDescription "
        "CreationDate:datetime CreationNotes CompletionDate:datetime ActionDate:datetime "
        "EndDate:datetime PopupDate:datetime UserID:int Accepted:int CreatedBy:int "
        "LastUpdated:datetime LastUpdatedBy:int Priority:int IsAppointment:int"
    ),
    "ContactGroup": ("Id:int GroupName GroupCategoryId:int GroupDescription"),
    "ContactGroupAssign": (
        "GroupId:int ContactGroup DateCreated:datetime ContactId:int Contact.Address1Type "
        "Contact.Address2Street1 Contact.Address2Street2 Contact.Address2Type "
        "Contact.Address3Street1 Contact.Address3Street2 Contact.Address3Type "
        "Contact.Anniversary:date Contact.AssistantName Contact.AssistantPhone "
        "Contact.BillingInformation Contact.Birthday Contact.City Contact.City2 Contact.City3 "
        "Contact.Company Contact.CompanyID Contact.ContactNotes Contact.ContactType "
        "Contact.Country Contact.Country2 Contact.Country3 Contact.CreatedBy "
        "Contact.CustomDate1 Contact.CustomDate2 Contact.CustomDate3 Contact.CustomDate4 "
        "Contact.CustomDate5 Contact.CustomDbl1 Contact.CustomDbl2 Contact.CustomDbl3 "
        "Contact.CustomDbl4 Contact.CustomDbl5 Contact.CustomField1 Contact.CustomField10 "
        "Contact.CustomField2 Contact.CustomField3 Contact.CustomField4 Contact.CustomField5 "
        "Contact.CustomField6 Contact.CustomField7 Contact.CustomField8 Contact.CustomField9 "
        "Contact.DateCreated:datetime Contact.Email Contact.EmailAddress2 "
        "Contact.EmailAddress3 Contact.Fax1 Contact.Fax1Type Contact.Fax2 Contact.Fax2Type "
        "Contact.FirstName Contact.Groups Contact.HTMLSignature Contact.Id:int "
        "Contact.JobTitle Contact.LastName Contact.LastUpdated Contact.LastUpdatedBy "
        "Contact.Leadsource Contact.MiddleName Contact.Nickname Contact.OwnerID "
        "Contact.Phone1 Contact.Phone1Ext Contact.Phone1Type Contact.Phone2 Contact.Phone2Ext "
        "Contact.Phone2Type Contact.Phone3 Contact.Phone3Ext Contact.Phone3Type "
        "Contact.Phone4 Contact.Phone4Ext Contact.Phone4Type Contact.Phone5 Contact.Phone5Ext "
        "Contact.Phone5Type Contact.PostalCode Contact.PostalCode2 Contact.PostalCode3 "
        "Contact.ReferralCode Contact.Signature Contact.SpouseName Contact.State "
        "Contact.State2 Contact.State3 Contact.StreetAddress1 Contact.StreetAddress2 "
        "Contact.Suffix Contact.Title Contact.Website Contact.ZipFour1 Contact.ZipFour2 "
        "Contact.ZipFour3"
    ),
    "ContactGroupCategory": ("Id:int CategoryName CategoryDescription"),
    "CreditCard": (
        "Id:int ContactId:int BillName FirstName LastName PhoneNumber Email BillAddress1 "
        "BillAddress2 BillCity BillState BillZip BillCountry ShipFirstName ShipMiddleName "
        "ShipLastName ShipCompanyName ShipPhoneNumber ShipAddress1 ShipAddress2 ShipCity "
        "ShipState ShipZip ShipCountry ShipName NameOnCard CardNumber Last4 ExpirationMonth "
        "ExpirationYear CVV2 Status CardType StartDateMonth StartDateYear MaestroIssueNumber"
    ),
    "DataFormField": (
        "DataType:int Id:int FormId:int GroupId:int Name Label DefaultValue Values "
        "ListRows:int UserGroup:int"
    ),
    "DataFormGroup": ("Id:int TabId:int Name"),
    "DataFormTab": ("Id:int FormId:int TabName"),
    "EmailAddStatus": (
        "Id:int DateCreated:datetime Email LastClickDate:datetime LastOpenDate:datetime "
        "LastSentDate:datetime Type"
    ),
    "Expense": ("Id:int ContactId:int ExpenseType TypeId:int ExpenseAmt:num DateIncurred:datetime"),
    "FileBox": ("Id:int FileName Extension FileSize:int ContactId:int Public:int"),
    "GroupAssign": ("Id:int UserId:int GroupId:int Admin:int"),
    "Invoice": (
        "Id:int ContactId:int DateCreated:datetime InvoiceTotal TotalPaid TotalDue PayStatus "
        "CreditStatus RefundStatus PayPlanStatus AffiliateId:int LeadAffiliateId:int "
        "PromoCode InvoiceType Description ProductSold Synced"
    ),
    "InvoiceItem": (
        "Id:int InvoiceId:int InvoiceAmt:num Discount DateCreated:datetime Description "
        "CommissionStatus"
    ),
    "InvoicePayment": (
        "Id:int InvoiceId:int Amt:num PayDate:date PayStatus PaymentId:int SkipCommission"
    ),
    "Job": (
        "Id:int JobTitle ContactId:int StartDate:date DueDate:date JobNotes ProductId:int "
        "JobStatus DateCreated:datetime InvoiceId:int OrderType OrderStatus:int ShipFirstName "
        "ShipMiddleName ShipLastName ShipCompany ShipPhone ShipStreet1 ShipStreet2 ShipCity "
        "ShipState ShipZip ShipCountry"
    ),
    "JobRecurringInstance": (
        "Id:int RecurringId:int InvoiceItemId:int Status AutoCharge StartDate:date "
        "EndDate:date DateCreated:datetime Description"
    ),
    "Lead": (
        "Id:int OpportunityTitle ContactID:int AffiliateId:int UserID:int StageID:int "
        "StatusID:int Leadsource Objection ProjectedRevenueLow:num ProjectedRevenueHigh:num "
        "OpportunityNotes DateCreated:datetime LastUpdated:datetime LastUpdatedBy:int "
        "CreatedBy:int"
    ),
    "LeadSource": ("Id:int Name Description StartDate:date EndDate:date CostPerLead Status"),
    "LeadSourceCategory": ("Id:int Name Description"),
    "LeadSourceExpense": (
        "Id:int LeadSourceRecurringExpenseId:int LeadSourceId:int Title Notes Amount "
        "DateIncurred:datetime"
    ),
    "LeadSourceRecurringExpense": (
        "Id:int LeadSourceId:int Title Notes Amount StartDate:datetime EndDate:datetime "
        "NextExpenseDate:datetime"
    ),
    "LinkedContactType": ("Id:int TypeName MaxLinked"),
    "MtgLead": (
        "Id:int OpportunityId:int DateAppraisalOrdered:datetime DateAppraisalDone:datetime "
        "DateAppraisalReceived:datetime DateTitleOrdered:datetime DateTitleReceived:datetime "
        "DateRateLocked:datetime DateRateLockExpires:datetime CreditReportDate:datetime "
        "ApplicationDate:datetime EstimatedCloseDate:datetime ActualCloseDate:datetime "
        "FundingDate:datetime MtgNotes"
    ),
    "OrderItem": (
        "Id:int OrderId:int ProductId:int ItemName Qty CPU PPU ItemDescription "
        "InvoiceItemId:int ItemType"
    ),
    "PayPlan": (
        "Id:int InvoiceId:int DateDue AmtDue Type InitDate:date StartDate:date FirstPayAmt:num"
    ),
    "PayPlanItem": ("Id:int PayPlanId:int DateDue AmtDue Status AmtPaid"),
    "Payment": (
        "Id:int PayDate:date UserId:int PayAmt:num PayType ContactId:int PayNote "
        "InvoiceId:int RefundId:int ChargeId:int Commission Synced"
    ),
    "Product": (
        "Id:int ProductName ProductPrice:num Sku ShortDescription Taxable:int Weight:num "
        "IsPackage:int NeedsDigitalDelivery:int SubCategory:int Description HideInStore:int "
        "Status:int TopHTML BottomHTML ShippingTime LargeImage InventoryNotifiee "
        "InventoryLimit:int"
    ),
    "ProductCategory": ("Id:int CategoryDisplayName CategoryOrder ParentId:int"),
    "ProductCategoryAssign": ("Id:int ProductId:int ProductCategoryId:int"),
    "ProductInterest": (
        "Id:int ObjectId:int ObjType ProductId:int ProductType Qty DiscountPercent"
    ),
    "ProductInterestBundle": ("Id:int BundleName Description"),
    "ProductOption": (
        "Id:int ProductId:int AllowSpaces CanContain CanEndWith CanStartWith IsRequired Label "
        "MaxChars MinChars Name OptionType Order TextMessage"
    ),
    "ProductOptionValue": (
        "Id:int IsDefault Label Name OptionIndex PriceAdjustment ProductOptionId:int Sku"
    ),
    "RecurringOrder": (
        "Id:int ContactId:int ProgramId:int StartDate:date EndDate:date LastBillDate:date "
        "NextBillDate PaidThruDate:date BillingCycle Frequency:int BillingAmt:num Status "
        "ReasonStopped AutoCharge:int CC1:int CC2:int NumDaysBetweenRetry:int MaxRetry:int "
        "MerchantAccountId:int AffiliateId:int PromoCode LeadAffiliateId:int Qty:int"
    ),
    "RecurringOrderWithContact": (
        "RecurringOrderId:int ContactId:int ProgramId:int StartDate:date EndDate:date "
        "LastBillDate:date NextBillDate PaidThruDate:date BillingCycle Frequency "
        "BillingAmt:num Status ReasonStopped AutoCharge CC1 CC2 NumDaysBetweenRetry MaxRetry "
        "MerchantAccountId:int AffiliateId:int PromoCode LeadAffiliateId:int City Email "
        "EmailAddress2 EmailAddress3 FirstName HTMLSignature Id LastName MiddleName Nickname "
        "Phone1 Phone1Ext Phone1Type Phone2 Phone2Ext Phone2Type PostalCode Signature "
        "SpouseName State StreetAddress1 StreetAddress2 Suffix Title ZipFour1"
    ),
    "Referral": (
        "Id:int ContactId:int AffiliateId:int DateSet DateExpires IPAddress Source Info Type"
    ),
    "SavedFilter": ("Id:int FilterName ReportStoredName UserId:int"),
    "Stage": ("Id:int StageName StageOrder:int TargetNumDays:int"),
    "StageMove": (
        "Id:int OpportunityId:int MoveDate:datetime MoveToStage MoveFromStage "
        "PrevStageMoveDate:datetime CreatedBy DateCreated:datetime UserId:int"
    ),
    "Status": ("Id:int StatusName StatusOrder TargetNumDays"),
    "SubscriptionPlan": (
        "Id:int ProductId:int Cycle Frequency PreAuthorizeAmount Prorate Active PlanPrice "
        "NumberOfCycles"
    ),
    "Template": ("Id:int PieceType PieceTitle Categories"),
    "Ticket": (
        "Id:int IssueId:int ContactId:int UserId:int DevId:int TicketTitle TicketApplication "
        "TicketCategory TicketTypeId:int Summary Stage:int Priority:int Ordering:int "
        "DateCreated:datetime CreatedBy:int LastUpdated:datetime LastUpdatedBy:int "
        "CloseDate:date FolowUpDate:date TargetCompletionDate:date DateInStage:date TimeSpent "
        "HasCustomerCalled:int"
    ),
    "TicketStage": ("Id:int StageName"),
    "TicketType": ("Id:int CategoryId:int Label"),
    "User": (
        "City Email EmailAddress2 EmailAddress3 FirstName HTMLSignature Id:int LastName "
        "MiddleName Nickname Phone1 Phone1Ext Phone1Type Phone2 Phone2Ext Phone2Type "
        "PostalCode Signature SpouseName State StreetAddress1 StreetAddress2 Suffix Title "
        "ZipFour1"
    ),
    "UserGroup": ("Id:int Name OwnerId:int"),
}
